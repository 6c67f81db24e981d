using FoodDelivery.Contracts;
using Xunit.Abstractions;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// A rebuild with a peer cluster, once a partition healed: a consumer can hold a row of an entity homed in the
/// peer before its own cluster's owner has the home copy (they arrive through different queues). The rebuild
/// leaves such a row as the peer sent it instead of removing or lowering it (its message id is in the inbox,
/// so the event would never come back), and the cluster converges once the home copy arrives.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class PeerRebuildTests(TwoClusterSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task A_rebuild_keeps_rows_the_peer_sent_before_the_home_copy_arrived_and_the_cluster_converges_after()
    {
        await system.WaitForFederationAsync();
        var owner = await system.WestCluster.SignUpAsync(Callers.RestaurantOwner);
        var renamed = await system.WestCluster.CreateRestaurantAsync(owner, name: "Western Before");
        await system.EastCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", renamed, 1);
        await system.EastCluster.ReplicaReachesAsync("menudb", "restaurant_replicas", renamed, 1);

        // West writes during a partition: a rename, and a restaurant east has never seen.
        Guid created;
        var cut = await LinkCut.CutAsync(system);
        try
        {
            using var restaurants = system.WestCluster.Client("restaurants", owner);
            await restaurants.PutAsJsonAsync($"/restaurants/{renamed}", new { name = "Western After", address = "1 Test Street", cuisine = "Test", isOpen = true })
                .ExpectAsync(HttpStatusCode.OK);
            created = await system.WestCluster.CreateRestaurantAsync(owner, name: "Western New");
            // East's restaurants is down when the link heals, so east's menu gets both before east's home copies do.
            await system.StopAsync(Resource(East, "restaurants"));
        }
        finally
        {
            await cut.HealAsync();
        }

        var held = new List<(string? Type, string Body)>();
        Rebuilds.RebuildAnswer rebuild;
        var holder = await system.RawBrokerAsync(East, "restaurants");
        try
        {
            await system.EastCluster.ReplicaReachesAsync("menudb", "restaurant_replicas", renamed, 2);
            await system.EastCluster.ReplicaReachesAsync("menudb", "restaurant_replicas", created, 1);
            // East's restaurants' own broker user holds the home copies' events on its queue, as a consumer still catching up would.
            await Eventually.AssertAsync(async () =>
            {
                held.AddRange(await holder.HoldAsync(BrokerNames.Queue("restaurants")));
                Assert.Contains(held, message => message.Type == nameof(RestaurantChanged) && message.Body.Contains(renamed.ToString(), StringComparison.Ordinal));
                Assert.Contains(held, message => message.Type == nameof(RestaurantChanged) && message.Body.Contains(created.ToString(), StringComparison.Ordinal));
            });
        }
        finally
        {
            // Generous: two clusters on two shared cores start a service slowly.
            await system.StartAsync(Resource(East, "restaurants"), TimeSpan.FromMinutes(5));
        }
        try
        {
            rebuild = await system.RebuildReplicasAsync(Resource(East, "menu"));
        }
        finally
        {
            await holder.DisposeAsync();
        }

        var replica = rebuild.Of(nameof(RestaurantChanged));
        output.WriteLine($"Rebuild of east's menu with the home copies held: {rebuild.Message}");
        Assert.Null(replica.Error);
        Assert.Equal(new[] { created, renamed }.Order(), replica.ExamplesOf("frompeer").Where(id => id == created || id == renamed).Order());
        Assert.DoesNotContain(created, replica.ExamplesOf("removed"));
        Assert.DoesNotContain(renamed, replica.ExamplesOf("overwritten"));
        Assert.Equal(2L, await system.EastCluster.ColumnAsync<long>("menudb", "restaurant_replicas", "version", "id", renamed));
        Assert.Equal(1L, await system.EastCluster.ColumnAsync<long>("menudb", "restaurant_replicas", "version", "id", created));

        // The home copies arrive; east converges with its menu rows as west wrote them.
        await system.EastCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", renamed, 2);
        await system.EastCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", created, 1);
        var (elapsed, report) = await system.EastCluster.WaitForConvergenceAsync(TimeSpan.FromMinutes(2));
        Assert.True(elapsed is not null, report.ToString());
        Assert.Equal("Western After", await system.EastCluster.ColumnAsync<string>("menudb", "restaurant_replicas", "name", "id", renamed));
        Assert.Equal("Western New", await system.EastCluster.ColumnAsync<string>("menudb", "restaurant_replicas", "name", "id", created));
    }
}
