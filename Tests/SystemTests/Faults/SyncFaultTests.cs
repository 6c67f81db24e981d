using FoodDelivery.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The sync under faults, on an AppHost of its own: poison messages, a consumer down, the broker
/// down, an owner killed between its commit and the publish. Nothing lost, nothing applied twice.
/// </summary>
[Collection(nameof(IsolatedSystem))]
public sealed class SyncFaultTests(IsolatedSystem system)
{
    [Fact]
    public async Task A_malformed_message_and_one_that_breaks_the_contract_go_to_the_dead_letter_queue_with_their_reason_and_the_next_is_applied()
    {
        var id = Guid.NewGuid();
        var malformed = Guid.NewGuid().ToString();
        var missingName = Guid.NewGuid().ToString();
        await using var broker = await RawBroker.ConnectAsync(system, "restaurants");
        await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);

        await broker.PublishAsync("RestaurantChanged", "{ this is not json", malformed);
        await broker.PublishAsync("RestaurantChanged", $$"""{ "id": "{{id}}", "version": 1, "deleted": false }""", missingName);
        await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, 1, "Good"), Guid.NewGuid().ToString());

        await system.MenuRestaurantAtAsync(id, 1);
        var deadLetters = await Eventually.ValueAsync(() => inspector.DrainAsync("menu.dead-letters"), letters => letters.Count >= 2);
        var reasons = deadLetters.ToDictionary(letter => letter.MessageId!, letter => RawBroker.Text(letter.Headers["fd-dead-letter-reason"]));
        Assert.Contains("not a valid RestaurantChanged", reasons[malformed], StringComparison.Ordinal);
        Assert.Contains("not a valid RestaurantChanged", reasons[missingName], StringComparison.Ordinal);
        Assert.All(deadLetters, letter => Assert.Equal("menu", RawBroker.Text(letter.Headers["fd-dead-lettered-by"])));
    }

    [Fact]
    public async Task A_backlog_with_poison_inside_is_applied_in_runs_and_only_the_poison_is_dead_lettered()
    {
        // Queued while menu is down, the backlog arrives faster than it is applied, so menu applies it in runs
        // that share a transaction. A poison message caught inside a run's transaction (a version beyond the
        // next ownership epoch) rolls the run back; it must be dead-lettered alone and the rest applied once.
        await using var broker = await RawBroker.ConnectAsync(system, "restaurants");
        await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);
        // Rows menu holds before the backlog: the poison targets them, so it is refused whichever run it lands in.
        var held = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in held)
        {
            await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, 1, "Held"), Guid.NewGuid().ToString());
        }
        foreach (var id in held)
        {
            await system.MenuRestaurantAtAsync(id, 1);
        }

        await system.StopAsync("menu");
        var applied = new List<Guid>();
        var poison = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var id = Guid.NewGuid();
            applied.Add(id);
            await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, 1, $"Backlog {i}"), Guid.NewGuid().ToString());
            if (i % 60 == 30)
            {
                var beyondEpoch = Guid.NewGuid().ToString();
                poison.Add(beyondEpoch);
                await broker.PublishAsync("RestaurantChanged",
                    RestaurantReplicationTests.Snapshot(held[poison.Count / 2], (2L << ChangeVersion.EpochShift) + 1, "Poison"), beyondEpoch);
                var malformed = Guid.NewGuid().ToString();
                poison.Add(malformed);
                await broker.PublishAsync("RestaurantChanged", "{ this is not json", malformed);
            }
        }
        // The poison is dead-lettered as menu starts, which makes it Degraded by design, possibly before it was ever seen Healthy.
        await system.StartAsync("menu", degradedWillDo: true);

        foreach (var id in applied)
        {
            Assert.Equal("Backlog", (await system.MenuRestaurantAtAsync(id, 1))!.Name.Split(' ')[0]);
            Assert.Equal([(1L, "applied")], await system.InboxAsync("menudb", id));
        }
        // Each drain takes what is there, so the letters are gathered across attempts.
        var drained = new List<(string? MessageId, IDictionary<string, object?> Headers)>();
        await Eventually.ValueAsync(async () =>
        {
            drained.AddRange(await inspector.DrainAsync("menu.dead-letters"));
            return drained;
        }, letters => poison.All(id => letters.Any(letter => letter.MessageId == id)));
        var deadLetters = drained.Where(letter => poison.Contains(letter.MessageId!)).ToList();
        Assert.Equal(poison.Order(), deadLetters.Select(letter => letter.MessageId!).Order());
        Assert.All(deadLetters.Where(letter => poison.IndexOf(letter.MessageId!) % 2 == 0),
            letter => Assert.Contains("ownership epoch", RawBroker.Text(letter.Headers["fd-dead-letter-reason"]), StringComparison.OrdinalIgnoreCase));
        foreach (var id in held)
        {
            Assert.Equal("Held", (await system.MenuRestaurantAtAsync(id, 1))!.Name);
        }
    }

    [Fact]
    public async Task Menu_stopped_while_restaurants_keeps_writing_converges_when_it_starts_with_nothing_lost_or_applied_twice()
    {
        await system.StopAsync("menu");
        var written = new Dictionary<Guid, long>();
        for (var i = 0; i < 10; i++)
        {
            var id = await system.CreateAsync(isOpen: i % 2 == 0);
            written[id] = await system.UpdateAsync(id, $"Renamed {i}", isOpen: true);
        }
        await system.StartAsync("menu");

        foreach (var (id, version) in written)
        {
            Assert.Equal(version, (await system.MenuRestaurantAtAsync(id, version))!.Version);
            // Each version processed exactly once; which of the two landed first does not matter
            // (the older one is then stale), the replica ends at the newest either way.
            var inbox = await system.InboxAsync("menudb", id);
            Assert.Equal([1L, 2L], inbox.Select(row => row.Version));
            Assert.Contains((2L, "applied"), inbox);
        }
    }

    [Fact]
    public async Task With_the_broker_down_writes_still_succeed_into_the_outbox_and_all_arrive_once_it_is_back()
    {
        // The owner's account must reach restaurants before the broker goes.
        await system.AccountKnownToAsync(await system.SharedOwnerAsync(), "restaurantsdb");
        var outageFrom = DateTimeOffset.UtcNow;
        await system.StopAsync("messaging");
        var written = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            written.Add(await system.CreateAsync());
        }
        Assert.True(await system.PendingOutboxAsync("restaurantsdb") >= written.Count);
        // A consumer without its queue is visible: the service reports itself Unhealthy.
        using var menu = system.ManagementClient("menu");
        await Eventually.AssertAsync(async () =>
        {
            var health = await menu.GetAsync("/health").ExpectAsync(HttpStatusCode.ServiceUnavailable);
            Assert.False(health.GetProperty("checks").GetProperty("sync").GetProperty("data").GetProperty("consumerAttached").GetBoolean());
        });
        await system.StartAsync("messaging");

        foreach (var id in written)
        {
            await system.MenuRestaurantAtAsync(id, 1, within: TimeSpan.FromMinutes(2));
        }
        await Eventually.AssertAsync(async () => Assert.Equal(0, await system.PendingOutboxAsync("restaurantsdb")));
        await Eventually.AssertAsync(async () => Assert.Equal("Healthy", (await menu.GetAsync("/health").ExpectAsync(HttpStatusCode.OK)).Text("status")));

        // RabbitMQ.Client's own errors (its recovery attempts failing while the broker was down) reach the log,
        // forwarded by Aspire.RabbitMQ.Client under the category RabbitMQ.Client.
        var client = system.Telemetry.Logs.Where(log => log.Service == "menu" && log.Category == "RabbitMQ.Client" && log.Time >= outageFrom).ToList();
        Assert.Contains(client, log => log.Severity >= CollectedLog.Warning);
    }

    [Fact]
    public async Task An_owner_killed_after_its_commit_and_before_the_publish_sends_the_event_when_it_comes_back_applied_once()
    {
        // With the broker down the relay cannot publish: the commit is done, the publish is not.
        await system.StopAsync("messaging");
        var id = await system.CreateAsync();
        Assert.True(await system.PendingOutboxAsync("restaurantsdb") >= 1);
        await system.StopAsync("restaurants");

        await system.StartAsync("messaging");
        await system.StartAsync("restaurants");

        await system.MenuRestaurantAtAsync(id, 1, within: TimeSpan.FromMinutes(2));
        Assert.Equal([(1L, "applied")], await system.InboxAsync("menudb", id));
    }

    [Fact]
    public async Task A_dead_letter_makes_the_service_degraded_until_the_replay_command_moves_it_back_and_it_is_applied()
    {
        // A valid event from restaurants that an earlier, broken handler of menu's had dead-lettered (as menu's
        // consumer does it, through menu's own dead-letter exchange): once fixed, replaying it applies it.
        var id = Guid.NewGuid();
        await using var broker = await RawBroker.ConnectAsync(system, "menu");
        await broker.PublishToAsync(BrokerNames.DeadLetterExchange("menu"), BrokerNames.EngineDeadLetterKey, "RestaurantChanged",
            RestaurantReplicationTests.Snapshot(id, 1, "Replayed"), Guid.NewGuid().ToString(), "restaurants", new Dictionary<string, object?>
            {
                ["fd-dead-letter-reason"] = "RestaurantChanged failed 3 times in the handler",
                ["fd-dead-lettered-by"] = "menu",
                ["fd-received-from"] = BrokerNames.OwnerExchange("restaurants"),
            });
        using var menu = system.Client("menu");
        await Eventually.AssertAsync(async () => Assert.Equal("Degraded", (await menu.GetAsync("/health").ExpectAsync(HttpStatusCode.OK)).Text("status")));
        // ...and so does the dashboard's state of the resource.
        await Eventually.AssertAsync(() => AssertDashboardHealth("menu", HealthStatus.Degraded), TimeSpan.FromSeconds(90));

        var result = await system.CommandAsync("menu", "replay-dead-letters");

        Assert.True(result.Success, result.Message);
        await system.MenuRestaurantAtAsync(id, 1);
        await Eventually.AssertAsync(async () => Assert.Equal("Healthy", (await menu.GetAsync("/health").ExpectAsync(HttpStatusCode.OK)).Text("status")));
        await Eventually.AssertAsync(() => AssertDashboardHealth("menu", HealthStatus.Healthy), TimeSpan.FromSeconds(90));
    }

    Task AssertDashboardHealth(string resource, HealthStatus expected)
    {
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(resource, out var state));
        Assert.Equal(expected, state.Snapshot.HealthStatus);
        return Task.CompletedTask;
    }
}
