using Xunit.Abstractions;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// Home copies keep none of the owner's unique indexes: a menu item deleted and re-created under the same name in its
/// home reaches the other cluster's copy in whatever order parallel appliers commit, without a unique violation.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class HomeCopyUniquenessTests(TwoClusterSystem system, ITestOutputHelper output)
{
    const int Cycles = 40;

    [Fact]
    public async Task Items_deleted_and_re_created_under_one_name_under_load_reach_the_other_cluster_without_dead_letters()
    {
        var owner = await system.EastCluster.SignUpAsync(Callers.RestaurantOwner);
        var restaurantId = await system.EastCluster.CreateRestaurantAsync(owner);
        var deadLettersBefore = await WestMenuDeadLettersAsync();
        var items = new List<Guid>();

        // West's menu held back, so the whole history arrives at once and its parallel appliers race over it, under
        // east's write load: each re-created "Soup" is a new entity whose copy may commit before the old one's tombstone.
        await using (var load = WriteLoad.Start(system.EastCluster))
        {
            await system.StopAsync(Resource(West, "menu"));
            try
            {
                using var menu = system.EastCluster.Client("menu", owner);
                for (var cycle = 0; cycle < Cycles; cycle++)
                {
                    var id = await system.EastCluster.CreateMenuItemAsync(owner, restaurantId, 500 + cycle, name: "Soup");
                    items.Add(id);
                    if (cycle < Cycles - 1)
                    {
                        Assert.Equal(HttpStatusCode.NoContent, (await menu.DeleteAsync($"/restaurants/{restaurantId}/items/{id}")).StatusCode);
                    }
                }
            }
            finally
            {
                await system.StartAsync(Resource(West, "menu"));
            }
            await load.StopAsync();
        }

        // Every copy reaches its home's last version: the tombstones at 2, the last item alive at 1.
        await Eventually.AssertAsync(async () =>
        {
            for (var index = 0; index < items.Count; index++)
            {
                Assert.Equal(index < items.Count - 1 ? 2 : 1,
                    await system.WestCluster.ColumnAsync<long>("menudb", "menu_items", "version", "id", items[index]));
            }
        }, TimeSpan.FromMinutes(2));
        var deadLetters = await WestMenuDeadLettersAsync() - deadLettersBefore;
        var figures = $"Delete and re-create: {Cycles} items named Soup, {Cycles - 1} deleted, under write load; west menu dead letters: {deadLetters}";
        output.WriteLine(figures);
        Console.WriteLine(figures);
        Assert.Equal(0, deadLetters);
        var pair = (await system.WestCluster.CheckConvergenceAsync()).Pairs
            .Single(candidate => candidate.Owner == "east-menu" && candidate.Consumer == "west-menu");
        Assert.True(pair.Converged, pair.ToString());
    }

    async Task<long> WestMenuDeadLettersAsync()
    {
        using var client = await system.WestCluster.OperatorClientAsync("menu");
        return (await client.GetAsync(FoodDelivery.Contracts.SyncRoutes.Status).ExpectAsync(HttpStatusCode.OK)).GetProperty("deadLetters").GetInt64();
    }
}
