using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Events carry valid values: a consumer dead-letters an event that breaks its contract's invariants
/// or jumps ownership epochs, with the reason, applies nothing of it, and goes on with the next.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class EventInvariantTests(RunningSystem system)
{
    /// <summary>Every service that replicates restaurants.</summary>
    static readonly string[] RestaurantConsumers = ["menu", "orders", "delivery"];

    [Fact]
    public async Task An_event_that_breaks_its_contract_or_jumps_ownership_epochs_is_dead_lettered_with_its_reason_and_not_applied()
    {
        var id = Guid.NewGuid();
        var next = Guid.NewGuid();
        var emptyName = Guid.NewGuid().ToString();
        var forgedTombstone = Guid.NewGuid().ToString();
        // Restaurants' own credentials: provenance lets it through, so only the invariants can refuse it.
        await using var broker = await RawBroker.ConnectAsync(system, "restaurants");
        await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);
        await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, 1, "Kept"), Guid.NewGuid().ToString());
        await Eventually.AssertAsync(async () =>
        {
            foreach (var consumer in RestaurantConsumers)
            {
                Assert.Equal([(1L, "applied")], await system.InboxAsync(consumer + "db", id));
            }
        });

        var reasons = new Dictionary<(string Consumer, string MessageId), string>();
        try
        {
            await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, 2, ""), emptyName);
            // The forged tombstone of issue 14: 256 epochs past the version held, so it would pin the row above every real write.
            await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, (1L << 40) + 1, "Kept", deleted: true), forgedTombstone);
            await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(next, 1, "Next"), Guid.NewGuid().ToString());

            await Eventually.AssertAsync(async () =>
            {
                await DrainAsync(inspector, reasons);
                Assert.All(RestaurantConsumers, consumer =>
                {
                    Assert.True(reasons.ContainsKey((consumer, emptyName)), $"{consumer} has not dead-lettered the event with an empty name");
                    Assert.True(reasons.ContainsKey((consumer, forgedTombstone)), $"{consumer} has not dead-lettered the forged tombstone");
                });
            });
            Assert.All(RestaurantConsumers, consumer =>
            {
                Assert.Contains("invalid-event: RestaurantChanged.Name is empty; it must have text", reasons[(consumer, emptyName)], StringComparison.Ordinal);
                Assert.Contains(
                    "invalid-event: RestaurantChanged.Version is 1099511627777 (ownership epoch 256, write 1); it must be at most one ownership epoch past the version held, 1 (epoch 0)",
                    reasons[(consumer, forgedTombstone)], StringComparison.Ordinal);
            });

            // The consumer went on, and the replica is as the valid event left it.
            Assert.Equal(new Replicas.RestaurantRow(1, false, "Next", true), await system.MenuRestaurantAtAsync(next, 1));
            Assert.Equal(new Replicas.RestaurantRow(1, false, "Kept", true), await system.MenuRestaurantAsync(id));
            foreach (var consumer in RestaurantConsumers)
            {
                Assert.Equal([(1L, "applied")], await system.InboxAsync(consumer + "db", id));
            }
        }
        finally
        {
            // Nothing left behind for the collection's other tests: a waiting dead letter degrades health.
            await DrainAsync(inspector, reasons);
        }
    }

    static async Task DrainAsync(RawBroker inspector, Dictionary<(string Consumer, string MessageId), string> reasons)
    {
        foreach (var consumer in RestaurantConsumers)
        {
            foreach (var (messageId, headers) in await inspector.DrainAsync(BrokerNames.DeadLetterQueue(consumer)))
            {
                reasons[(consumer, messageId ?? "")] = headers.TryGetValue("fd-dead-letter-reason", out var reason) ? RawBroker.Text(reason) : "";
            }
        }
    }
}
