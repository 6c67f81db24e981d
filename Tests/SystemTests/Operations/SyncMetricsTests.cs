namespace FoodDelivery.SystemTests;

/// <summary>The engine's Meter, read from what the services export over OTLP.</summary>
[Collection(nameof(RunningSystem))]
public sealed class SyncMetricsTests(RunningSystem system)
{
    const string Published = "messaging.client.sent.messages";
    const string Consumed = "messaging.client.consumed.messages";
    const string Lag = "fooddelivery.sync.replication.lag";

    [Fact]
    public async Task After_n_writes_the_owners_published_counter_and_menus_applied_counter_and_lag_histogram_each_grow_by_n()
    {
        const int writes = 5;
        var telemetry = system.Telemetry;
        static bool Restaurants(IReadOnlyDictionary<string, string> tags) => tags.GetValueOrDefault("fooddelivery.sync.event_type") == "RestaurantChanged";
        static bool AppliedRestaurants(IReadOnlyDictionary<string, string> tags) => Restaurants(tags) && tags.GetValueOrDefault("fooddelivery.sync.outcome") == "applied";
        // Wait until the counters are quiet, then take the baseline.
        var published = await SteadyTotal.ReadAsync(() => telemetry.Total("restaurants", Published, Restaurants));
        var applied = await SteadyTotal.ReadAsync(() => telemetry.Total("menu", Consumed, AppliedRestaurants));
        var lagged = await SteadyTotal.ReadAsync(() => telemetry.Total("menu", Lag, Restaurants));

        for (var i = 0; i < writes; i++)
        {
            await system.CreateKnownToMenuAsync();
        }

        await Eventually.AssertAsync(() =>
        {
            Assert.Equal(published + writes, telemetry.Total("restaurants", Published, Restaurants));
            Assert.Equal(applied + writes, telemetry.Total("menu", Consumed, AppliedRestaurants));
            Assert.Equal(lagged + writes, telemetry.Total("menu", Lag, Restaurants));
            return Task.CompletedTask;
        });
    }
}
