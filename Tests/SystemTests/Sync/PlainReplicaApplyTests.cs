using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A plain replica (menu's copy of restaurants: no reaction) applies a delivery as one statement, its own implicit
/// transaction: the replica row and the inbox row with its final outcome are written by the transaction's first and
/// only command (PostgreSQL's <c>xmin</c> and <c>cmin</c> say which transaction and which command wrote a row), where
/// the transaction path claimed, upserted, then updated the outcome in three commands. The outcomes stay as they were.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class PlainReplicaApplyTests(RunningSystem system)
{
    [Fact]
    public async Task A_restaurant_change_reaches_menus_replica_and_inbox_in_one_statement()
    {
        var id = Guid.NewGuid();
        await using var broker = await RawBroker.ConnectAsync(system, "restaurants");

        await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, 1, "One statement"), Guid.NewGuid().ToString());
        await system.MenuRestaurantAtAsync(id, 1);

        var replica = await WrittenByAsync("SELECT xmin::text::bigint, cmin::text::bigint FROM restaurant_replicas WHERE id = $1", id);
        var inbox = await WrittenByAsync("SELECT xmin::text::bigint, cmin::text::bigint FROM sync_inbox WHERE aggregate_id = $1", id);
        Assert.Equal(replica.Transaction, inbox.Transaction);
        Assert.Equal((0L, 0L), (replica.Command, inbox.Command));
        Assert.Equal([(1L, "applied")], await system.InboxAsync("menudb", id));
    }

    [Fact]
    public async Task A_stale_version_is_recorded_as_stale_in_the_same_statement_and_leaves_the_row()
    {
        var id = Guid.NewGuid();
        await using var broker = await RawBroker.ConnectAsync(system, "restaurants");
        await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, 2, "Newer"), Guid.NewGuid().ToString());
        await system.MenuRestaurantAtAsync(id, 2);

        await broker.PublishAsync("RestaurantChanged", RestaurantReplicationTests.Snapshot(id, 1, "Older"), Guid.NewGuid().ToString());

        await Eventually.AssertAsync(async () => Assert.Equal([(1L, "stale"), (2L, "applied")], await system.InboxAsync("menudb", id)));
        var stale = await WrittenByAsync("SELECT xmin::text::bigint, cmin::text::bigint FROM sync_inbox WHERE aggregate_id = $1 AND version = 1", id);
        Assert.Equal(0L, stale.Command);
        Assert.Equal(new Replicas.RestaurantRow(2, false, "Newer", true), await system.MenuRestaurantAsync(id));
    }

    async Task<(long Transaction, long Command)> WrittenByAsync(string sql, Guid id)
    {
        await using var connection = await system.OpenDatabaseAsync("menudb");
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
