using System.Text.Json;
using FoodDelivery.Contracts;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// Two complete clusters (east, west) with federated brokers: an entity lives in the cluster it was
/// created in, the other cluster serves a read-only copy and refuses writes with 409 naming the
/// home, and a re-home moves the home at a higher version.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class HomeClusterTests(TwoClusterSystem system)
{
    [Fact]
    public async Task A_restaurant_created_in_east_reaches_west_restaurants_menu_and_orders()
    {
        var owner = await system.EastCluster.SignUpAsync(Callers.RestaurantOwner);
        var id = await system.EastCluster.CreateRestaurantAsync(owner, name: "Eastern Star");

        // West's restaurants serves it from its home copy, homed in east.
        await system.WestCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", id, 1);
        using var westRestaurants = system.WestCluster.Client("restaurants");
        var copy = await westRestaurants.GetAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Eastern Star", copy.Text("name"));
        Assert.Equal("east", await system.WestCluster.ColumnAsync<string>("restaurantsdb", "restaurants", "home_cluster", "id", id));
        Assert.Equal("east", await system.EastCluster.ColumnAsync<string>("restaurantsdb", "restaurants", "home_cluster", "id", id));

        // And west's consumers replicate it like any restaurant.
        await system.WestCluster.ReplicaReachesAsync("menudb", "restaurant_replicas", id, 1);
        await system.WestCluster.ReplicaReachesAsync("ordersdb", "restaurant_replicas", id, 1);
    }

    [Fact]
    public async Task An_order_placed_in_west_for_an_east_restaurant_works_from_west_replicas_and_is_charged_once()
    {
        var shop = await system.EastCluster.OpenShopAsync(1250, 480);
        foreach (var item in shop.Items)
        {
            await system.WestCluster.OrdersKnowAsync("menu_item_replicas", item);
        }
        await system.WestCluster.OrdersKnowAsync("restaurant_replicas", shop.RestaurantId);
        var customer = await system.WestCluster.SignUpCustomerAsync();

        var placed = await system.WestCluster.PlaceAsync(customer, shop.RestaurantId, [.. shop.Items]);
        Assert.Equal(1730, placed.GetProperty("totalMinor").GetInt64());
        var orderId = placed.Id();
        await system.WestCluster.OrderReachesAsync(customer, orderId, "Paid");

        // The order is homed in west; east keeps the copy and reaches the same state without acting on it.
        await Eventually.AssertAsync(async () =>
            Assert.Equal("Paid", await system.EastCluster.ColumnAsync<string>("ordersdb", "orders", "status", "id", orderId)), TimeSpan.FromMinutes(1));
        Assert.Equal("west", await system.EastCluster.ColumnAsync<string>("ordersdb", "orders", "home_cluster", "id", orderId));
        // One payment, made by west's payments: east's copy of it arrives, east never charges.
        await Eventually.AssertAsync(async () =>
            Assert.Equal(1, await system.EastCluster.CountAsync("paymentsdb", "payments", "order_id", orderId)), TimeSpan.FromMinutes(1));
        Assert.Equal(1, await system.WestCluster.CountAsync("paymentsdb", "payments", "order_id", orderId));
        Assert.Equal("west", await system.EastCluster.ColumnAsync<string>("paymentsdb", "payments", "home_cluster", "order_id", orderId));
    }

    [Fact]
    public async Task A_write_to_an_east_entity_through_west_is_refused_with_the_home_cluster_named()
    {
        var owner = await system.EastCluster.SignUpAsync(Callers.RestaurantOwner);
        var id = await system.EastCluster.CreateRestaurantAsync(owner);
        await system.WestCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", id, 1);

        using var west = system.WestCluster.Client("restaurants", owner);
        var refused = await west.PutAsJsonAsync($"/restaurants/{id}", Edit("Renamed in west"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("east", problem.RootElement.GetProperty("homeCluster").GetString());
        Assert.Equal(1, await system.WestCluster.ColumnAsync<long>("restaurantsdb", "restaurants", "version", "id", id));

        // Its home takes the same write; deletes through west are refused too.
        using var east = system.EastCluster.Client("restaurants", owner);
        Assert.Equal(2, (await east.PutAsJsonAsync($"/restaurants/{id}", Edit("Renamed in east")).ExpectAsync(HttpStatusCode.OK)).Version());
        await system.WestCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", id, 2);
        Assert.Equal(HttpStatusCode.Conflict, (await west.DeleteAsync($"/restaurants/{id}")).StatusCode);

        // The account is homed in east as well: its password is checked there only, so west answers as
        // for any email it cannot check (naming the peer, not whose account it is), and east's token works in west.
        using var westAccounts = system.WestCluster.Client("accounts").FromNewAddress();
        await system.WestCluster.ReplicaReachesAsync("accountsdb", "accounts", owner.Id, 1);
        var signIn = await westAccounts.PostAsJsonAsync("/accounts/sign-in", new { email = owner.Email, password = owner.Password })
            .ExpectAsync(HttpStatusCode.Unauthorized);
        var unknown = await westAccounts.PostAsJsonAsync("/accounts/sign-in", new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = owner.Password })
            .ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(("east", unknown.Text("detail")), (signIn.Text("peerCluster"), signIn.Text("detail")));
        using var westMe = system.WestCluster.Client("accounts", owner);
        Assert.Equal(owner.Email, (await westMe.GetAsync("/accounts/me").ExpectAsync(HttpStatusCode.OK)).Text("email"));
    }

    [Fact]
    public async Task A_cluster_s_operator_keys_open_nothing_in_the_other_cluster()
    {
        using var westRepair = system.WestCluster.ManagementClient("restaurants");
        westRepair.DefaultRequestHeaders.Add(OperatorKeys.Header, await system.OperatorKeyAsync(Resource(East, "restaurants"), OperatorScope.Repair));
        await westRepair.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.Forbidden);
        await westRepair.PostAsync($"/sync/rehome/{East}", null).ExpectAsync(HttpStatusCode.Forbidden);

        // East's read key, which west's services hold as their peer's: it reads east's owned rows, as west's
        // cross-cluster convergence check does, and repairs nothing there.
        using var eastReader = system.EastCluster.ManagementClient("restaurants");
        eastReader.DefaultRequestHeaders.Add(OperatorKeys.Header, await system.OperatorKeyAsync(Resource(East, "restaurants"), OperatorScope.Read));
        await eastReader.GetAsync("/sync/owned/RestaurantChanged").ExpectAsync(HttpStatusCode.OK);
        await eastReader.PostAsync("/sync/resync", null).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.NotEqual(await system.OperatorKeyAsync(Resource(East, "restaurants"), OperatorScope.Read),
            await system.OperatorKeyAsync(Resource(West, "restaurants"), OperatorScope.Read));
    }

    [Fact]
    public async Task A_rehome_moves_the_home_at_a_higher_version_and_both_clusters_follow()
    {
        var owner = await system.EastCluster.SignUpAsync(Callers.RestaurantOwner);
        var id = await system.EastCluster.CreateRestaurantAsync(owner);
        await system.WestCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", id, 1);

        using var unauthenticated = system.WestCluster.ManagementClient("restaurants");
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await unauthenticated.PostAsync($"/sync/owned/RestaurantChanged/{id}/rehome", null)).StatusCode);

        // East (lost, say) fenced for the take-over by its operator, then west takes the restaurant over.
        await system.FenceForTakeOverAsync(East, "restaurants");
        using var westOperator = await system.WestCluster.OperatorClientAsync("restaurants");
        var moved = await westOperator.PostAsync($"/sync/owned/RestaurantChanged/{id}/rehome", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("east", moved.Text("fromCluster"));
        Assert.Equal("west", moved.Text("homeCluster"));
        // The next ownership epoch: above anything east could have written meanwhile.
        Assert.Equal((1L << 32) + 1, moved.Version());

        using var west = system.WestCluster.Client("restaurants", owner);
        Assert.Equal((1L << 32) + 2, (await west.PutAsJsonAsync($"/restaurants/{id}", Edit("Now in west")).ExpectAsync(HttpStatusCode.OK)).Version());
        await system.EastCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", id, (1L << 32) + 2);
        Assert.Equal("west", await system.EastCluster.ColumnAsync<string>("restaurantsdb", "restaurants", "home_cluster", "id", id));
        await system.EastCluster.ReplicaReachesAsync("menudb", "restaurant_replicas", id, (1L << 32) + 2);

        using var east = system.EastCluster.Client("restaurants", owner);
        var refused = await east.PutAsJsonAsync($"/restaurants/{id}", Edit("Back in east?"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        await system.LiftFenceAsync(East, "restaurants");
    }

    [Fact]
    public async Task Taking_over_a_lost_cluster_rehomes_everything_the_service_holds_from_it()
    {
        var shop = await system.EastCluster.OpenShopAsync(900, 1100);
        foreach (var item in shop.Items)
        {
            await system.WestCluster.ReplicaReachesAsync("menudb", "menu_items", item, 1);
        }

        // East's menu lost (a take-over refuses while it answers), then the dashboard command an operator runs on west's menu.
        await system.StopAsync(Resource(East, "menu"));
        try
        {
            var result = await system.CommandAsync(Resource(West, "menu"), "take-over-peer");
            Assert.True(result.Success, result.Message);
            Assert.Contains("Not fenced, as they did not answer", result.Message, StringComparison.Ordinal);
        }
        finally
        {
            await system.StartAsync(Resource(East, "menu"));
        }
        // East's menu back: its operator fences it for the take-over and replays what it refused meanwhile.
        await system.FenceForTakeOverAsync(East, "menu");
        const long firstOfNextEpoch = (1L << 32) + 1;
        await Eventually.AssertAsync(async () =>
        {
            using (var eastMenu = await system.EastCluster.OperatorClientAsync("menu"))
            {
                await eastMenu.PostAsync(SyncRoutes.ReplayDeadLetters, null).ExpectAsync(HttpStatusCode.OK);
            }
            foreach (var item in shop.Items)
            {
                Assert.Equal(firstOfNextEpoch, await system.EastCluster.ColumnAsync<long>("menudb", "menu_items", "version", "id", item));
            }
        }, TimeSpan.FromMinutes(2));

        foreach (var item in shop.Items)
        {
            Assert.Equal("west", await system.WestCluster.ColumnAsync<string>("menudb", "menu_items", "home_cluster", "id", item));
            Assert.Equal(firstOfNextEpoch, await system.WestCluster.ColumnAsync<long>("menudb", "menu_items", "version", "id", item));
            // East (back, or never really gone) takes the new home, and so do the replicas in both clusters.
            await system.EastCluster.ReplicaReachesAsync("menudb", "menu_items", item, firstOfNextEpoch);
            Assert.Equal("west", await system.EastCluster.ColumnAsync<string>("menudb", "menu_items", "home_cluster", "id", item));
            await system.EastCluster.ReplicaReachesAsync("ordersdb", "menu_item_replicas", item, firstOfNextEpoch);
            await system.WestCluster.ReplicaReachesAsync("ordersdb", "menu_item_replicas", item, firstOfNextEpoch);
        }

        var edit = new { name = "Taken over", priceMinor = 950, currency = "EUR", available = true };
        using var east = system.EastCluster.Client("menu", shop.Owner);
        Assert.Equal(HttpStatusCode.Conflict,
            (await east.PutAsJsonAsync($"/restaurants/{shop.RestaurantId}/items/{shop.Items[0]}", edit)).StatusCode);
        using var west = system.WestCluster.Client("menu", shop.Owner);
        Assert.Equal(firstOfNextEpoch + 1,
            (await west.PutAsJsonAsync($"/restaurants/{shop.RestaurantId}/items/{shop.Items[0]}", edit).ExpectAsync(HttpStatusCode.OK)).Version());
    }

    static object Edit(string name) => new { name, address = "1 Test Street", cuisine = "Test", isOpen = true };
}
