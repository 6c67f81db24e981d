namespace FoodDelivery.SystemTests;

/// <summary>
/// The relay reads pending outbox rows when a commit may have added some, or when its poll interval passes; a
/// consumer's commits (inbox and replica rows) add none, so they must not wake it (issue 31: an empty read per
/// delivery applied was a fifth of a write's statements).
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class RelayWakeUpTests(RunningSystem system)
{
    const string Reads = "fooddelivery.sync.outbox.reads";
    const string Consumed = "messaging.client.consumed.messages";

    [Fact]
    public async Task Menu_applying_restaurant_changes_does_not_wake_its_relay_while_each_restaurant_write_wakes_restaurants_relay()
    {
        const int writes = 5;
        var telemetry = system.Telemetry;
        static bool WokenByCommit(IReadOnlyDictionary<string, string> tags) => tags.GetValueOrDefault("fooddelivery.sync.outbox.read_reason") == "commit";
        static bool AppliedRestaurants(IReadOnlyDictionary<string, string> tags) =>
            tags.GetValueOrDefault("fooddelivery.sync.event_type") == "RestaurantChanged" && tags.GetValueOrDefault("fooddelivery.sync.outcome") == "applied";
        var menuWoken = await SteadyTotal.ReadAsync(() => telemetry.Total("menu", Reads, WokenByCommit));
        var restaurantsWoken = await SteadyTotal.ReadAsync(() => telemetry.Total("restaurants", Reads, WokenByCommit));
        var applied = await SteadyTotal.ReadAsync(() => telemetry.Total("menu", Consumed, AppliedRestaurants));

        for (var i = 0; i < writes; i++)
        {
            // Waits until menu holds the restaurant: each one is a delivery menu applied and committed.
            await system.CreateKnownToMenuAsync();
        }

        await Eventually.AssertAsync(() =>
        {
            Assert.Equal(applied + writes, telemetry.Total("menu", Consumed, AppliedRestaurants));
            // Writes a few milliseconds apart may share a wake-up, but the owner's relay was woken by its commits.
            Assert.True(telemetry.Total("restaurants", Reads, WokenByCommit) > restaurantsWoken, "restaurants' relay was never woken by a commit");
            return Task.CompletedTask;
        });
        // Menu's reads up to its last apply, exported: none woken by a commit (polls still read, once a second).
        Assert.Equal(menuWoken, await SteadyTotal.ReadAsync(() => telemetry.Total("menu", Reads, WokenByCommit)));
    }
}
