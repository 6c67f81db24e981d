using System.Text.Json;
using FoodDelivery.Contracts;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// Home copies come only from the peer cluster's owner, through the federation link: a service of west, with its own
/// credentials, can neither write the peer exchange that carries east's events nor pass its own events off as east's,
/// nor make east skip one of them by reusing its message id.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class HomeCopyTrustTests(TwoClusterSystem system)
{
    [Fact]
    public async Task A_west_service_cannot_write_the_exchange_that_brings_east_events()
    {
        await using var west = await system.RawBrokerAsync(West, "restaurants");

        var refusal = await west.RefusalOfAsync(broker =>
            broker.PublishToAsync(BrokerNames.PeerExchange(East, "restaurants"), "", nameof(RestaurantChanged), "{}", Guid.NewGuid().ToString(), "restaurants"));

        Assert.Equal(RawBroker.AccessRefused, refusal);
    }

    [Fact]
    public async Task West_restaurants_claiming_east_for_its_own_event_changes_neither_its_copy_nor_any_replica()
    {
        var owner = await system.EastCluster.SignUpAsync(Callers.RestaurantOwner);
        var id = await system.EastCluster.CreateRestaurantAsync(owner, name: "Eastern Truth");
        await system.WestCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", id, 1);
        await system.WestCluster.ReplicaReachesAsync("menudb", "restaurant_replicas", id, 1);

        // What west's restaurants could try: its own type about east's restaurant, a newer version, "from east".
        var forged = JsonSerializer.Serialize(new
        {
            id, version = 5L, deleted = true, ownerId = Guid.NewGuid(), name = "Taken over", address = "Nowhere", cuisine = "None", isOpen = false,
        });
        var messageId = Guid.NewGuid().ToString();
        await using (var west = await system.RawBrokerAsync(West, "restaurants"))
        {
            await west.PublishToAsync(BrokerNames.OwnerExchange("restaurants"), "", nameof(RestaurantChanged), forged, messageId, "restaurants",
                new Dictionary<string, object?> { ["fd-origin-cluster"] = East });
        }

        // West's consumers of restaurants refuse it (the exchange says west, the header says east), and so do east's
        // restaurants (its home copies) and consumers, where the link brings it through the exchange of west's events.
        foreach (var (cluster, consumers) in new[] { (West, new[] { "menu", "orders", "delivery" }), (East, new[] { "restaurants", "menu", "orders", "delivery" }) })
        {
            await using var inspector = await system.RawBrokerAsync(cluster);
            foreach (var consumer in consumers)
            {
                var letters = new List<(string? MessageId, IDictionary<string, object?> Headers)>();
                await Eventually.ValueAsync(async () =>
                {
                    letters.AddRange(await inspector.DrainAsync(BrokerNames.DeadLetterQueue(consumer)));
                    return letters;
                }, taken => taken.Any(letter => letter.MessageId == messageId));
                Assert.StartsWith("unauthorised-publisher: ",
                    RawBroker.Text(letters.Single(letter => letter.MessageId == messageId).Headers["fd-dead-letter-reason"]), StringComparison.Ordinal);
            }
        }
        Assert.Equal("Eastern Truth", await system.EastCluster.ColumnAsync<string>("restaurantsdb", "restaurants", "name", "id", id));
        // Its own copy of east's restaurant, and west menu's replica, are as east wrote them.
        Assert.Equal(1L, await system.WestCluster.ColumnAsync<long>("restaurantsdb", "restaurants", "version", "id", id));
        Assert.Equal("Eastern Truth", await system.WestCluster.ColumnAsync<string>("restaurantsdb", "restaurants", "name", "id", id));
        Assert.Equal(1L, await system.WestCluster.ColumnAsync<long>("menudb", "restaurant_replicas", "version", "id", id));
    }

    [Fact]
    public async Task West_restaurants_reusing_an_east_restaurant_event_s_message_id_makes_east_orders_skip_neither_event()
    {
        var eastOwner = await system.EastCluster.SignUpAsync(Callers.RestaurantOwner);
        var eastId = await system.EastCluster.CreateRestaurantAsync(eastOwner, name: "Eastern Original");
        await system.EastCluster.ReplicaReachesAsync("ordersdb", "restaurant_replicas", eastId, 1);
        var westOwner = await system.WestCluster.SignUpAsync(Callers.RestaurantOwner);
        var westId = await system.WestCluster.CreateRestaurantAsync(westOwner, name: "Western Original");
        await system.EastCluster.ReplicaReachesAsync("ordersdb", "restaurant_replicas", westId, 1);
        // West's next version of its own restaurant, published raw ahead of the real write that then makes it true,
        // so both clusters' replicas still equal their owners afterwards.
        var westRenamed = new { name = "Western Renamed", address = "1 Test Street", cuisine = "Test", isOpen = true };

        // East's orders falls behind; west's restaurants receives east's rename (its home copy) and so knows its message
        // id, then publishes a valid event of its own restaurant, through its own exchange, under that id.
        await system.StopAsync(Resource(East, "orders"));
        try
        {
            using (var restaurants = system.EastCluster.Client("restaurants", eastOwner))
            {
                await restaurants.PutAsJsonAsync($"/restaurants/{eastId}", new { name = "Eastern Renamed", address = "1 Test Street", cuisine = "Test", isOpen = true })
                    .ExpectAsync(HttpStatusCode.OK);
            }
            var messageId = await Eventually.ValueAsync(async () =>
            {
                await using var connection = await system.OpenDatabaseAsync(West, "restaurantsdb");
                await using var command = new Npgsql.NpgsqlCommand("SELECT message_id FROM sync_inbox WHERE aggregate_id = $1 AND version = 2", connection);
                command.Parameters.AddWithValue(eastId);
                return await command.ExecuteScalarAsync() as string ?? "";
            }, found => found.Length > 0);
            await using var west = await system.RawBrokerAsync(West, "restaurants");
            await west.PublishAsync(nameof(RestaurantChanged), JsonSerializer.Serialize(new
            {
                id = westId, version = 2L, deleted = false, ownerId = westOwner.Id,
                westRenamed.name, westRenamed.address, westRenamed.cuisine, westRenamed.isOpen,
            }), messageId);
        }
        finally
        {
            await system.StartAsync(Resource(East, "orders"));
        }

        await Eventually.AssertAsync(async () =>
        {
            Assert.Equal("Eastern Renamed", await system.EastCluster.ColumnAsync<string>("ordersdb", "restaurant_replicas", "name", "id", eastId));
            Assert.Equal("Western Renamed", await system.EastCluster.ColumnAsync<string>("ordersdb", "restaurant_replicas", "name", "id", westId));
        });
        using var westRestaurants = system.WestCluster.Client("restaurants", westOwner);
        Assert.Equal(2, (await westRestaurants.PutAsJsonAsync($"/restaurants/{westId}", westRenamed).ExpectAsync(HttpStatusCode.OK)).Version());
    }
}
