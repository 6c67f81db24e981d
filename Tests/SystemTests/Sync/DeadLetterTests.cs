using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// An operator's dead letters one by one, through the endpoints and the dashboard's commands: list them,
/// peek at one (it stays), replay one (it is applied; the others stay), discard one (gone, who and why in the log).
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class DeadLetterTests(RunningSystem system)
{
    [Fact]
    public async Task Dead_letters_are_listed_peeked_replayed_and_discarded_one_by_one()
    {
        var (replayedId, discardedId) = (Guid.NewGuid(), Guid.NewGuid());
        var (replayedMessage, discardedMessage) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var diedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await DeadLetterAsync(replayedId, replayedMessage, "Replay me", diedAt);
        await DeadLetterAsync(discardedId, discardedMessage, "Discard me", diedAt);
        using var menu = await system.OperatorClientAsync("menu");

        var listed = await Eventually.ValueAsync(async () => (await menu.GetAsync("/sync/dead-letters").ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList(),
            letters => letters.Count(letter => letter.Text("messageId") is var id && (id == replayedMessage || id == discardedMessage)) == 2);
        var listedReplay = listed.Single(letter => letter.Text("messageId") == replayedMessage);
        Assert.Equal("RestaurantChanged", listedReplay.Text("type"));
        Assert.Equal(replayedId, listedReplay.GetProperty("aggregateId").GetGuid());
        Assert.Equal(1, listedReplay.Version());
        Assert.Equal("RestaurantChanged failed 3 times in the handler", listedReplay.Text("reason"));
        Assert.Equal(diedAt, listedReplay.GetProperty("firstDiedAt").GetDateTimeOffset());
        Assert.Equal("restaurants", listedReplay.Text("publishedBy"));

        // Peeking shows the body and headers and leaves the letter where it is.
        var peeked = await menu.GetAsync($"/sync/dead-letters/{replayedMessage}").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("Replay me", peeked.Text("body"));
        Assert.Equal("RestaurantChanged failed 3 times in the handler", peeked.GetProperty("headers").Text("fd-dead-letter-reason"));
        Assert.Equal(2, await WaitingAsync(menu, replayedMessage, discardedMessage));

        // Replaying one applies it; the other stays.
        var replayed = await system.CommandAsync("menu", "replay-dead-letter", new Dictionary<string, string> { ["messageId"] = replayedMessage });
        Assert.True(replayed.Success, replayed.Message);
        Assert.Equal("Replay me", (await system.MenuRestaurantAtAsync(replayedId, 1))!.Name);
        Assert.Equal(1, await WaitingAsync(menu, replayedMessage, discardedMessage));
        var list = await system.CommandAsync("menu", "list-dead-letters", new Dictionary<string, string>());
        Assert.True(list.Success, list.Message);
        Assert.Equal(CommandResultFormat.Markdown, list.Data!.Format);
        Assert.Contains($"| `{discardedMessage}` | RestaurantChanged | {discardedId} | 1 |", list.Data.Value);
        Assert.DoesNotContain(replayedMessage, list.Data.Value);

        // A discard needs who and why, and names a letter that exists.
        await menu.PostAsJsonAsync($"/sync/dead-letters/{discardedMessage}/discard", new { by = "", reason = "" }).ExpectInvalidAsync("by", "reason");
        var unknown = await menu.PostAsJsonAsync($"/sync/dead-letters/{Guid.NewGuid()}/discard", new { by = "test", reason = "test" })
            .ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal("No such dead letter.", unknown.Text("title"));
        await menu.GetAsync($"/sync/dead-letters/{Guid.NewGuid()}").ExpectAsync(HttpStatusCode.NotFound);

        var discarded = await system.CommandAsync("menu", "discard-dead-letter", new Dictionary<string, string>
        {
            ["messageId"] = discardedMessage, ["by"] = "Dana (on call)", ["reason"] = "superseded by a resync",
        });
        Assert.True(discarded.Success, discarded.Message);
        Assert.Equal(0, await WaitingAsync(menu, replayedMessage, discardedMessage));
        Assert.Null(await system.MenuRestaurantAsync(discardedId));
        await Eventually.AssertAsync(() =>
        {
            Assert.Contains(system.Telemetry.Logs, log => log.Service == "menu" && log.Severity >= CollectedLog.Warning
                && log.Message.Contains(discardedMessage, StringComparison.Ordinal)
                && log.Message.Contains("Dana (on call)", StringComparison.Ordinal)
                && log.Message.Contains("superseded by a resync", StringComparison.Ordinal));
            return Task.CompletedTask;
        });
        // With nothing left waiting, menu is healthy again, as the other tests of this system expect.
        using var anonymous = system.Client("menu");
        await Eventually.AssertAsync(async () => Assert.Equal("Healthy", (await anonymous.GetAsync("/health").ExpectAsync(HttpStatusCode.OK)).Text("status")));
    }

    /// <summary>A valid event from restaurants as menu's consumer dead-letters it (through menu's own dead-letter exchange).</summary>
    async Task DeadLetterAsync(Guid id, string messageId, string name, DateTimeOffset diedAt)
    {
        await using var broker = await RawBroker.ConnectAsync(system, "menu");
        await broker.PublishToAsync(BrokerNames.DeadLetterExchange("menu"), BrokerNames.EngineDeadLetterKey, "RestaurantChanged",
            RestaurantReplicationTests.Snapshot(id, 1, name), messageId, "restaurants", new Dictionary<string, object?>
            {
                ["fd-aggregate-id"] = id.ToString(),
                ["fd-version"] = 1L,
                ["fd-dead-letter-reason"] = "RestaurantChanged failed 3 times in the handler",
                ["fd-dead-lettered-by"] = "menu",
                ["fd-dead-lettered-at"] = diedAt.ToUnixTimeMilliseconds(),
                ["fd-received-from"] = BrokerNames.OwnerExchange("restaurants"),
            });
    }

    static async Task<int> WaitingAsync(HttpClient menu, params string[] messageIds) =>
        (await menu.GetAsync("/sync/dead-letters").ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
        .Count(letter => messageIds.Contains(letter.Text("messageId")));
}
