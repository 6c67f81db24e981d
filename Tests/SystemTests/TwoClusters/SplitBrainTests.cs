using FoodDelivery.Contracts;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// A split brain after a take-over in both directions: both clusters hold the same row and each believes it is its
/// home, so both would write it. A take-over refuses while the peer answers (it is not lost), and the peer
/// comparison names a row whose home the clusters disagree on, even when the rows are identical.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class SplitBrainTests(TwoClusterSystem system)
{
    [Fact]
    public async Task Taking_over_a_peer_that_answers_is_refused_and_moves_nothing()
    {
        var shop = await system.EastCluster.OpenShopAsync(700);
        await system.WestCluster.ReplicaReachesAsync("menudb", "menu_items", shop.Items[0], 1);

        // The dashboard command refuses before it fences anything in east...
        var result = await system.CommandAsync(Resource(West, "menu"), "take-over-peer");
        Assert.False(result.Success, result.Message);
        Assert.Contains("east is reachable", result.Message, StringComparison.Ordinal);
        // ...and so does the service, whoever calls it.
        using var westOperator = await system.WestCluster.OperatorClientAsync("menu");
        var refused = await westOperator.PostAsync(SyncRoutes.RehomeCluster(East), null).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal(East, refused.Text("peerCluster"));

        Assert.Equal("east", await system.WestCluster.ColumnAsync<string>("menudb", "menu_items", "home_cluster", "id", shop.Items[0]));
        Assert.Equal(1, await system.WestCluster.ColumnAsync<long>("menudb", "menu_items", "version", "id", shop.Items[0]));
    }

    [Fact]
    public async Task Identical_rows_that_both_clusters_believe_they_home_are_reported_by_the_peer_comparison()
    {
        var owner = await system.EastCluster.SignUpAsync(Callers.RestaurantOwner);
        var id = await system.EastCluster.CreateRestaurantAsync(owner, name: "Homed twice");
        await system.WestCluster.ReplicaReachesAsync("restaurantsdb", "restaurants", id, 1);

        // The end state of a take-over in both directions, made directly: the same version and content in both
        // clusters, and west's copy homed in west. No event differs, so only the homes can tell.
        await SetWestHomeAsync(id, West);
        try
        {
            await Eventually.AssertAsync(async () =>
            {
                var west = (await system.WestCluster.CheckConvergenceAsync()).Pairs
                    .Single(pair => pair.Owner == "east-restaurants" && pair.EventType == nameof(RestaurantChanged));
                Assert.Contains(id, west.ExamplesOf("home"));
                Assert.False(west.Converged, west.ToString());
                var east = (await system.EastCluster.CheckConvergenceAsync()).Pairs
                    .Single(pair => pair.Owner == "west-restaurants" && pair.EventType == nameof(RestaurantChanged));
                Assert.Contains(id, east.ExamplesOf("home"));
            }, TimeSpan.FromMinutes(1));
        }
        finally
        {
            // Put back for the collection's next tests, which expect both clusters to converge.
            await SetWestHomeAsync(id, East);
        }
        var healed = (await system.WestCluster.CheckConvergenceAsync()).Pairs
            .Single(pair => pair.Owner == "east-restaurants" && pair.EventType == nameof(RestaurantChanged));
        Assert.DoesNotContain(id, healed.ExamplesOf("home"));
    }

    async Task SetWestHomeAsync(Guid id, string home)
    {
        await using var connection = await system.OpenDatabaseAsync(West, "restaurantsdb");
        await using var command = new Npgsql.NpgsqlCommand("UPDATE restaurants SET home_cluster = $1 WHERE id = $2", connection);
        command.Parameters.AddWithValue(home);
        command.Parameters.AddWithValue(id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
