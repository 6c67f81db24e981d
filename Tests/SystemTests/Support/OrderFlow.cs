using System.Text.Json;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The order lifecycle driven through the public APIs as its people would: an owner opens a shop,
/// a customer orders, a courier works. Each step waits for the replicas the next one relies on.
/// </summary>
public static class OrderFlow
{
    /// <summary>An open restaurant and its menu items, all known to orders' replicas.</summary>
    public sealed record Shop(Caller Owner, Guid RestaurantId, IReadOnlyList<Guid> Items);

    public static async Task<Shop> OpenShopAsync(this IServiceCluster system, params long[] prices)
    {
        var owner = await system.SignUpAsync(Callers.RestaurantOwner);
        var restaurantId = await system.CreateRestaurantAsync(owner);
        var items = new List<Guid>();
        foreach (var price in prices)
        {
            items.Add(await system.CreateMenuItemAsync(owner, restaurantId, price));
        }
        await system.OrdersKnowAsync("restaurant_replicas", restaurantId);
        foreach (var item in items)
        {
            await system.OrdersKnowAsync("menu_item_replicas", item);
        }
        return new Shop(owner, restaurantId, items);
    }

    /// <summary>A signed-in customer that orders' account replica already knows.</summary>
    public static async Task<Caller> SignUpCustomerAsync(this IServiceCluster system)
    {
        var customer = await system.SignUpAsync(Callers.Customer);
        await system.AccountKnownToAsync(customer, "ordersdb");
        return customer;
    }

    public static Task OrdersKnowAsync(this IServiceCluster system, string replicaTable, Guid id) =>
        Eventually.AssertAsync(async () => Assert.True(await system.ColumnAsync<long>("ordersdb", replicaTable, "version", "id", id) > 0, $"orders' {replicaTable} has no {id}"));

    /// <summary>One of each item, placed by <paramref name="customer"/>.</summary>
    public static async Task<JsonElement> PlaceAsync(this IServiceCluster system, Caller customer, Guid restaurantId, params Guid[] items)
    {
        using var orders = system.Client("orders", customer);
        return await orders.PostAsJsonAsync("/orders", new
        {
            restaurantId,
            lines = items.Select(menuItemId => new { menuItemId, quantity = 1 }).ToArray(),
        }).ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>Waits until the customer sees the order in <paramref name="status"/> on orders' API.</summary>
    public static async Task<JsonElement> OrderReachesAsync(this IServiceCluster system, Caller customer, Guid orderId, string status)
    {
        using var orders = system.Client("orders", customer);
        return await Eventually.ValueAsync(
            () => orders.GetAsync($"/orders/{orderId}").ExpectAsync(HttpStatusCode.OK),
            order => order.Text("status") == status);
    }

    /// <summary>A signed-in courier on duty: available until a delivery is assigned to them.</summary>
    public static async Task<Caller> SignUpCourierOnDutyAsync(this IServiceCluster system)
    {
        var courier = await system.SignUpAsync(Callers.Courier);
        await system.SetOnDutyAsync(courier, true);
        return courier;
    }

    /// <summary>Sets the courier's availability, waiting while their account has not reached delivery (409).</summary>
    public static async Task<JsonElement> SetOnDutyAsync(this IServiceCluster system, Caller courier, bool available)
    {
        using var delivery = system.Client("delivery", courier);
        return await Eventually.ValueAsync(async () =>
        {
            using var response = await delivery.PutAsJsonAsync("/couriers/me/availability", new { available });
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
        }, courier => courier.ValueKind == JsonValueKind.Object);
    }

    /// <summary>
    /// Waits until the order's delivery is assigned to the courier and returns it. Deliveries other
    /// tests left waiting come first (the oldest waiting one goes to the next available courier), so
    /// the courier picks up and delivers those on the way, as a real courier would. How many there are
    /// depends on what ran before in the shared system (a write load leaves dozens), so the limit is on
    /// standing still: 90 s without a delivery moved fails, a long queue worked through does not.
    /// </summary>
    public static async Task<JsonElement> TakeDeliveryOfAsync(this IServiceCluster system, Caller courier, Guid orderId)
    {
        var stillFor = TimeSpan.FromSeconds(90);
        using var delivery = system.Client("delivery", courier);
        var deadline = DateTime.UtcNow + stillFor;
        var movedOnTheWay = 0;
        while (true)
        {
            var mine = await delivery.GetAsync("/deliveries").ExpectAsync(HttpStatusCode.OK);
            if (mine.Items().FirstOrDefault(d => d.GetProperty("orderId").GetGuid() == orderId) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
            foreach (var other in mine.Items().Where(d => d.Text("status") is "Assigned" or "PickedUp"))
            {
                if (other.Text("status") == "Assigned")
                {
                    await delivery.PostAsync($"/deliveries/{other.Id()}/pickup", null);
                }
                using var delivered = await delivery.PostAsync($"/deliveries/{other.Id()}/deliver", null);
                if (delivered.IsSuccessStatusCode)
                {
                    movedOnTheWay++;
                    deadline = DateTime.UtcNow + stillFor;
                }
            }
            Assert.True(DateTime.UtcNow < deadline,
                $"Order {orderId}'s delivery was not assigned to the courier within {stillFor.TotalSeconds} s of the last delivery moved ({movedOnTheWay} delivered on the way).");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>
    /// An order of <paramref name="customer"/> (known to orders) taken all the way to Delivered by a
    /// courier who goes off duty afterwards: for tests that need a delivered order (reviews).
    /// </summary>
    public static async Task<JsonElement> DeliveredOrderAsync(this IServiceCluster system, Caller customer, Shop shop)
    {
        var courier = await system.SignUpCourierOnDutyAsync();
        try
        {
            var order = await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0]);
            var assigned = await system.TakeDeliveryOfAsync(courier, order.Id());
            using var delivery = system.Client("delivery", courier);
            await delivery.PostAsync($"/deliveries/{assigned.Id()}/pickup", null).ExpectAsync(HttpStatusCode.OK);
            await delivery.PostAsync($"/deliveries/{assigned.Id()}/deliver", null).ExpectAsync(HttpStatusCode.OK);
            return await system.OrderReachesAsync(customer, order.Id(), "Delivered");
        }
        finally
        {
            await system.SetOnDutyAsync(courier, false);
        }
    }

    /// <summary>One column of the row whose <paramref name="keyColumn"/> is <paramref name="key"/>, or default when there is none.</summary>
    public static async Task<T?> ColumnAsync<T>(this IServiceCluster system, string database, string table, string column, string keyColumn, Guid key)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = new NpgsqlCommand($"SELECT {column} FROM {table} WHERE {keyColumn} = $1", connection);
        command.Parameters.AddWithValue(key);
        return await command.ExecuteScalarAsync() is T value ? value : default;
    }

    /// <summary>Waits until a replica (or owner) row's status column says <paramref name="status"/>.</summary>
    public static Task StatusReachesAsync(this IServiceCluster system, string database, string table, string keyColumn, Guid key, string status) =>
        Eventually.AssertAsync(async () => Assert.Equal(status, await system.ColumnAsync<string>(database, table, "status", keyColumn, key)));

    public static async Task<long> CountAsync(this IServiceCluster system, string database, string table, string keyColumn, Guid key)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {keyColumn} = $1", connection);
        command.Parameters.AddWithValue(key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
