using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>
/// "Where is restaurant X?": any service answers, from the owner's outbox and every consumer's inbox and
/// replica, which versions were published, which each consumer holds, and what became of each version.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class EntityWhereaboutsTests(RunningSystem system)
{
    static readonly string[] RestaurantConsumers = ["menu", "orders", "delivery"];

    [Fact]
    public async Task Any_service_tells_where_every_version_of_a_restaurant_went()
    {
        var id = await system.CreateAsync(name: "Where 1");
        var version = await system.UpdateAsync(id, "Where 2", isOpen: true);
        foreach (var consumer in RestaurantConsumers)
        {
            await system.ReplicaReachesAsync(consumer + "db", "restaurant_replicas", id, version);
        }

        // Asked of a service that neither owns nor replicates restaurants.
        using var reviews = await system.OperatorClientAsync("reviews");
        var where = await Eventually.ValueAsync(
            async () => await reviews.GetAsync($"/sync/entities/RestaurantChanged/{id}").ExpectAsync(HttpStatusCode.OK),
            answer => answer.GetProperty("copies").EnumerateArray().Single(copy => copy.GetProperty("isOwner").GetBoolean())
                .GetProperty("published").EnumerateArray().All(published => published.GetProperty("confirmedAt").ValueKind != JsonValueKind.Null));

        Assert.Equal("restaurants", where.Text("owner"));
        Assert.True(where.GetProperty("converged").GetBoolean());
        var copies = where.GetProperty("copies").EnumerateArray().ToDictionary(copy => copy.Text("service"));
        Assert.Equal(RestaurantConsumers.Append("restaurants").Order(StringComparer.Ordinal), copies.Keys.Order(StringComparer.Ordinal));
        var owner = copies["restaurants"];
        Assert.Equal(version, owner.GetProperty("heldVersion").GetInt64());
        Assert.Equal([1L, 2L], owner.GetProperty("published").EnumerateArray().Select(published => published.Version()).ToArray());
        foreach (var consumer in RestaurantConsumers)
        {
            var copy = copies[consumer];
            Assert.True(copy.GetProperty("error").ValueKind == JsonValueKind.Null, $"{consumer}: {copy.GetProperty("error")}");
            Assert.False(copy.GetProperty("isOwner").GetBoolean());
            Assert.Equal(version, copy.GetProperty("heldVersion").GetInt64());
            // Each version handled once. Consumers apply concurrently, so version 2 may land first and version 1
            // then be stale: the replica ends at 2 either way.
            var received = copy.GetProperty("received").EnumerateArray().Select(item => (Version: item.Version(), Outcome: item.Text("outcome")))
                .OrderBy(item => item.Version).ToList();
            Assert.Equal([1L, 2L], received.Select(item => item.Version));
            Assert.Contains(received[0].Outcome, new[] { "applied", "stale" });
            Assert.Equal("applied", received[1].Outcome);
            Assert.All(copy.GetProperty("received").EnumerateArray(), item => Assert.NotEqual(JsonValueKind.Null, item.GetProperty("handledAt").ValueKind));
        }
    }

    [Fact]
    public async Task The_where_is_command_answers_with_a_markdown_table()
    {
        var id = await system.CreateKnownToMenuAsync();
        foreach (var consumer in RestaurantConsumers)
        {
            await system.ReplicaReachesAsync(consumer + "db", "restaurant_replicas", id, 1);
        }

        var result = await Eventually.ValueAsync(
            () => system.CommandAsync("orders", "where-is", new Dictionary<string, string> { ["eventType"] = "RestaurantChanged", ["id"] = id.ToString() }),
            answer => answer.Success && answer.Data!.Value.Contains("published (confirmed)", StringComparison.Ordinal));

        Assert.Equal(CommandResultFormat.Markdown, result.Data!.Format);
        var markdown = result.Data.Value;
        Assert.Contains($"### RestaurantChanged `{id}`", markdown);
        Assert.Contains("| service | role | holds | versions seen | dead letters | note |", markdown);
        Assert.Contains("| restaurants | owner | v1 | 1 | 0 |", markdown);
        foreach (var consumer in RestaurantConsumers)
        {
            Assert.Contains($"| {consumer} | consumer | v1 | 1 | 0 | up to date |", markdown);
            Assert.Contains($"| {consumer} | v1 | applied |", markdown);
        }
    }

    [Fact]
    public async Task An_unknown_event_type_or_a_missing_key_is_refused_clearly()
    {
        using var operatorClient = await system.OperatorClientAsync("menu");
        var problem = await operatorClient.GetAsync($"/sync/entities/NoSuchChanged/{Guid.NewGuid()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal("eventType", problem.Text("field"));

        using var anonymous = system.ManagementClient("menu");
        await anonymous.GetAsync($"/sync/entities/RestaurantChanged/{Guid.NewGuid()}").ExpectAsync(HttpStatusCode.Unauthorized);
    }
}
