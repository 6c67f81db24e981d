using System.Collections.Concurrent;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Rebuild replicas: a replica corrupted in its own table (a version its owner never had, a wrong
/// row, an extra row, a lost row), which neither the version guard nor a resync repairs, equals its
/// owner after the consumer's rebuild, and takes the owner's next write. Only rows these tests
/// create are corrupted; the tests of a collection run one at a time, so the rebuild's counts are
/// this test's own once a first rebuild has made the replica equal to its owner.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class ReplicaRebuildTests(RunningSystem system)
{
    const long PoisonedVersion = 1L << 40;

    [Fact]
    public async Task A_corrupted_replica_equals_its_owner_after_the_rebuild_command_and_takes_the_next_owner_write()
    {
        var names = new Dictionary<Guid, string>();
        var created = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var name = $"Rebuilt {Guid.NewGuid():N}";
            var id = await system.CreateAsync(isOpen: true, name: name);
            await system.MenuRestaurantAtAsync(id, 1);
            names[id] = name;
            created.Add(id);
        }
        var (poisoned, renamed, lost, extra) = (created[0], created[1], created[2], Guid.NewGuid());
        // From a replica equal to its owner, whatever earlier tests left, the counts below are this test's.
        await system.RebuildReplicasAsync("menu");

        await TamperAsync(
            ($"UPDATE restaurant_replicas SET version = {PoisonedVersion}, name = 'Forged' WHERE id = $1", poisoned),
            ("UPDATE restaurant_replicas SET name = 'Tampered' WHERE id = $1", renamed),
            ("DELETE FROM restaurant_replicas WHERE id = $1", lost),
            ("INSERT INTO restaurant_replicas (id, version, deleted, owner_id, name, is_open) VALUES ($1, 3, false, gen_random_uuid(), 'Nobody owns me', true)",
                extra));
        var broken = await MenusRestaurantPairAsync();
        Assert.False(broken.Converged, broken.ToString());
        Assert.Equal(new[] { poisoned, renamed }.Order(), broken.ExamplesOf("diverged").Where(names.ContainsKey).Order());
        Assert.Contains(extra, broken.ExamplesOf("extra"));
        Assert.Contains(lost, broken.ExamplesOf("missing"));

        var rebuild = await system.RebuildReplicasAsync("menu");

        // Menu also keeps accounts; the tampered replica is its restaurants.
        var replica = rebuild.Of("RestaurantChanged");
        Assert.Equal(("restaurants", "menu", "RestaurantChanged", (string?)null), (replica.Owner, replica.Consumer, replica.EventType, replica.Error));
        Assert.Equal((2L, 1L, 1L, 0L), (replica.Overwritten, replica.Removed, replica.Added, replica.Superseded));
        Assert.Equal(rebuild.Replicas.Sum(rebuilt => rebuilt.Overwritten + rebuilt.Removed + rebuilt.Added), rebuild.Count);
        Assert.Equal(new[] { poisoned, renamed }.Order(), replica.ExamplesOf("overwritten").Order());
        Assert.Equal([extra], replica.ExamplesOf("removed"));
        Assert.Equal([lost], replica.ExamplesOf("added"));

        var repaired = await MenusRestaurantPairAsync();
        Assert.True(repaired.Converged, repaired.ToString());
        foreach (var (id, name) in names)
        {
            Assert.Equal(new Replicas.RestaurantRow(1, false, name, true), await system.MenuRestaurantAsync(id));
        }
        Assert.Null(await system.MenuRestaurantAsync(extra));

        // The row is back at the owner's version, so the guard takes the owner's next one.
        var version = await system.UpdateAsync(poisoned, "Renamed after the rebuild", isOpen: true);
        Assert.Equal(new Replicas.RestaurantRow(version, false, "Renamed after the rebuild", true),
            await system.MenuRestaurantAtAsync(poisoned, version));
    }

    [Fact]
    public async Task A_rebuild_while_the_owner_keeps_writing_heals_the_poisoned_row_and_loses_none_of_the_writes()
    {
        var busy = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            busy.Add(await system.CreateKnownToMenuAsync());
        }
        var poisonedName = $"Poisoned {Guid.NewGuid():N}";
        var poisoned = await system.CreateAsync(isOpen: true, name: poisonedName);
        await system.MenuRestaurantAtAsync(poisoned, 1);
        await TamperAsync(($"UPDATE restaurant_replicas SET version = {PoisonedVersion}, deleted = true WHERE id = $1", poisoned));

        // The owner keeps renaming the busy restaurants while menu rebuilds twice: the poisoned row
        // heals and every rename's final version still arrives. (A rebuild that put an older snapshot
        // over a row applied meanwhile fails this only when it hits a final rename: the window is
        // milliseconds, so this checks the outcome; the conditional writes are what make it safe.)
        var latest = new ConcurrentDictionary<Guid, (long Version, string Name)>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                foreach (var id in busy)
                {
                    var name = $"Busy {round} {Guid.NewGuid():N}";
                    latest[id] = (await system.UpdateAsync(id, name, isOpen: true), name);
                }
            }
        });
        await Eventually.ValueAsync(() => Task.FromResult(latest.Count), count => count == busy.Count);
        var first = await system.RebuildReplicasAsync("menu");
        var second = await system.RebuildReplicasAsync("menu");
        await stop.CancelAsync();
        await writer;

        Assert.Contains(poisoned, first.Of("RestaurantChanged").ExamplesOf("overwritten"));
        Assert.All(second.Replicas, rebuilt => Assert.Null(rebuilt.Error));
        Assert.Equal(new Replicas.RestaurantRow(1, false, poisonedName, true), await system.MenuRestaurantAsync(poisoned));
        foreach (var (id, (version, name)) in latest)
        {
            Assert.Equal(new Replicas.RestaurantRow(version, false, name, true), await system.MenuRestaurantAtAsync(id, version));
        }
    }

    [Fact]
    public async Task Rebuilding_a_replica_equal_to_its_owner_changes_nothing()
    {
        await system.CreateKnownToMenuAsync();
        await system.RebuildReplicasAsync("menu");
        Assert.True((await MenusRestaurantPairAsync()).Converged);

        var rebuild = await system.RebuildReplicasAsync("menu");

        var replica = rebuild.Of("RestaurantChanged");
        Assert.Null(replica.Error);
        Assert.True(replica.OwnerRows >= 1);
        Assert.Equal(replica.OwnerRows, replica.ReplicaRows);
        Assert.Equal((0L, 0L, 0L, 0L), (replica.Overwritten, replica.Removed, replica.Added, replica.Superseded));
    }

    [Fact]
    public async Task The_rebuild_endpoint_rebuilds_one_named_replica_refuses_one_the_service_does_not_keep_and_needs_the_operator_key()
    {
        using var anonymous = system.ManagementClient("orders");
        await anonymous.PostAsync("/sync/rebuild", null).ExpectAsync(HttpStatusCode.Unauthorized);

        using var orders = await system.OperatorClientAsync("orders");
        var one = await orders.PostAsync("/sync/rebuild?eventType=RestaurantChanged", null).ExpectAsync(HttpStatusCode.OK);
        var replica = Assert.Single(one.GetProperty("replicas").EnumerateArray());
        Assert.Equal(("restaurants", "orders", "RestaurantChanged"),
            (replica.Text("owner"), replica.Text("consumer"), replica.Text("eventType")));
        await orders.PostAsync("/sync/rebuild?eventType=ReviewChanged", null).ExpectInvalidAsync("eventType");

        using var accounts = await system.OperatorClientAsync("accounts");
        var nothing = await accounts.PostAsync("/sync/rebuild", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(nothing.GetProperty("replicas").EnumerateArray());
        Assert.Equal(0, nothing.GetProperty("count").GetInt64());
    }

    async Task<Convergence.ReplicaPair> MenusRestaurantPairAsync() =>
        Assert.Single((await system.CheckConvergenceAsync()).Pairs, pair => pair is { Consumer: "menu", EventType: "RestaurantChanged" });

    async Task TamperAsync(params (string Sql, Guid Id)[] statements)
    {
        await using var menu = await system.OpenDatabaseAsync("menudb");
        foreach (var (sql, id) in statements)
        {
            await using var command = new NpgsqlCommand(sql, menu);
            command.Parameters.AddWithValue(id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
    }
}
