using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Issue 32, item 3: a stalled consumer must not look healthy, nor stop the whole queue. A session of delivery's own
/// login takes the dispatch lock and keeps it, as a replica of delivery paused (SIGSTOP, a long GC) in the middle of a
/// dispatch would. Delivery's reactions to orders then cannot get the lock: each waits the login's lock_timeout, is
/// parked and retried, and the appliers go on with the rest (a new restaurant reaches delivery's replica meanwhile).
/// With deliveries held and none settled for <c>Sync:Health:StallAfter</c>, delivery's /health says Degraded with the
/// reason. Once the lock is released, every order gets its delivery, nothing was dead-lettered, and health is back.
/// On main (no lock_timeout, reactions waiting in place) the appliers all wait on the lock: the restaurant never
/// arrives, and health stays Healthy.
/// </summary>
[Collection(nameof(FaultSuiteSystem))]
public sealed class StalledConsumerTests(FaultSuiteSystem system, ITestOutputHelper output)
{
    /// <summary>Delivery's dispatch lock (Services/Delivery/Domain/Dispatcher.cs).</summary>
    const long DispatchLockKey = 0x0DE11FE7;

    const int Orders = 6;

    [Fact]
    public async Task A_paused_delivery_replica_holding_the_dispatch_lock_parks_only_its_reactions_and_health_turns_degraded()
    {
        var shop = await system.OpenShopAsync(1250);
        var customer = await system.SignUpCustomerAsync();
        var deadLettersBefore = await DeadLettersAsync("delivery");

        await using var holder = await OpenAsServiceAsync("delivery");
        // The server bounds every wait of the service's login: what keeps a reaction from waiting forever.
        Assert.Equal("5s", await ScalarAsync<string>(holder, "SHOW lock_timeout"));
        Assert.Equal("30s", await ScalarAsync<string>(holder, "SHOW idle_in_transaction_session_timeout"));
        // A session-level lock: unlike a paused replica's transaction, the idle-in-transaction timeout does not end it,
        // so the stall lasts until the test releases it.
        await ScalarAsync<object>(holder, $"SELECT pg_advisory_lock({DispatchLockKey})");
        var orders = new List<Guid>();
        string stalledBecause;
        try
        {
            for (var i = 0; i < Orders; i++)
            {
                orders.Add((await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0])).Id());
            }
            // Delivery's reactions to them wait for the lock, time out and are parked.
            var parked = await Eventually.ValueAsync(() => SyncHealthAsync("delivery"),
                health => health.Data("pausedBecause")?.Contains("parked", StringComparison.Ordinal) == true, TimeSpan.FromMinutes(2));
            output.WriteLine($"parked: {parked.Data("pausedBecause")}");

            // The other entities go on: a restaurant opened now reaches delivery's replica while the lock is still held.
            var restaurant = await system.CreateRestaurantAsync(shop.Owner);
            await Eventually.AssertAsync(async () =>
                Assert.True(await system.ColumnAsync<long>("deliverydb", "restaurant_replicas", "version", "id", restaurant) > 0,
                    "delivery's restaurant replica has not got the new restaurant: the appliers are all waiting"), TimeSpan.FromMinutes(2));
            Assert.Empty(await WithDeliveryAsync(orders));

            // Nothing settles any more (the orders' reactions keep being parked): once past the bound, health says so.
            var stalled = await Eventually.ValueAsync(() => SyncHealthAsync("delivery"), health => health.Status == "Degraded", TimeSpan.FromMinutes(3));
            stalledBecause = stalled.Data("stalledBecause") ?? "";
            output.WriteLine($"delivery: {stalled.Status}: {stalled.Description}");
            Assert.Contains("lock timeout", stalledBecause, StringComparison.Ordinal);
        }
        finally
        {
            await ScalarAsync<object>(holder, $"SELECT pg_advisory_unlock({DispatchLockKey})");
        }

        // Released: every parked reaction runs, each order gets its delivery, and nothing was dead-lettered for the wait.
        await Eventually.AssertAsync(async () => Assert.Equal(orders.Order(), (await WithDeliveryAsync(orders)).Order()), TimeSpan.FromMinutes(2));
        await Eventually.AssertAsync(async () => Assert.Equal("Healthy", (await SyncHealthAsync("delivery")).Status), TimeSpan.FromMinutes(1));
        Assert.Equal(deadLettersBefore, await DeadLettersAsync("delivery"));
        var (converged, report) = await system.WaitForConvergenceAsync(TimeSpan.FromMinutes(2));
        Assert.True(converged is not null, report.ToString());
    }

    /// <summary>The orders among <paramref name="orders"/> that have a delivery in delivery's database.</summary>
    async Task<List<Guid>> WithDeliveryAsync(List<Guid> orders)
    {
        await using var connection = await system.OpenDatabaseAsync("deliverydb");
        await using var command = new NpgsqlCommand("SELECT order_id FROM deliveries WHERE order_id = ANY($1)", connection);
        command.Parameters.AddWithValue(orders.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<Guid>();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetGuid(0));
        }
        return found;
    }

    async Task<long> DeadLettersAsync(string service)
    {
        using var management = await BrokerManagement.ConnectAsync(system);
        return await management.MessagesAsync($"{service}.dead-letters");
    }

    /// <summary>The sync check of the service's /health (on its management port, where operators and the orchestrator read it).</summary>
    async Task<SyncHealth> SyncHealthAsync(string service)
    {
        using var client = system.ManagementClient(service);
        using var response = await client.GetAsync("/health");
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var sync = health.RootElement.GetProperty("checks").GetProperty("sync");
        return new SyncHealth(sync.GetProperty("status").GetString()!, sync.TryGetProperty("description", out var description) ? description.GetString() : null,
            sync.GetProperty("data").Clone());
    }

    /// <summary>A session of <paramref name="service"/>'s own login, as one of its replicas has.</summary>
    async Task<NpgsqlConnection> OpenAsServiceAsync(string service)
    {
        var login = new NpgsqlConnectionStringBuilder((await system.EnvironmentOfAsync(service))[$"ConnectionStrings__{service}db"]) { Pooling = false };
        var connection = new NpgsqlConnection(login.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync();
    }

    sealed record SyncHealth(string Status, string? Description, JsonElement Detail)
    {
        public string? Data(string key) => Detail.TryGetProperty(key, out var value) ? value.ToString() : null;
    }
}
