namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class OrdersApiTests(RunningSystem system)
{
    [Fact]
    public async Task An_order_is_priced_from_orders_replicas_and_only_its_customer_sees_or_cancels_it()
    {
        var shop = await system.OpenShopAsync(950, 600);
        var customer = await system.SignUpCustomerAsync();
        using var orders = system.Client("orders", customer);

        var placed = await orders.PostAsJsonAsync("/orders", new
        {
            restaurantId = shop.RestaurantId,
            lines = new[] { new { menuItemId = shop.Items[0], quantity = 2 }, new { menuItemId = shop.Items[1], quantity = 1 } },
        }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, "Placed", 2500L, "EUR", customer.Id),
            (placed.Version(), placed.Text("status"), placed.GetProperty("totalMinor").GetInt64(), placed.Text("currency"), placed.GetProperty("customerId").GetGuid()));
        var line = placed.GetProperty("lines")[0];
        Assert.Equal((shop.Items[0], 950L, 2), (line.GetProperty("menuItemId").GetGuid(), line.GetProperty("unitPriceMinor").GetInt64(), line.GetProperty("quantity").GetInt32()));
        Assert.StartsWith("Dish ", line.Text("name"), StringComparison.Ordinal);

        // Another customer neither reads nor cancels it, nor sees it in their list.
        var stranger = await system.SignUpCustomerAsync();
        using var strangers = system.Client("orders", stranger);
        await strangers.GetAsync($"/orders/{placed.Id()}").ExpectAsync(HttpStatusCode.Forbidden);
        await strangers.PostAsync($"/orders/{placed.Id()}/cancel", null).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await strangers.GetAsync("/orders").ExpectAsync(HttpStatusCode.OK)).Items());
        Assert.Equal([placed.Id()], (await orders.GetAsync("/orders").ExpectAsync(HttpStatusCode.OK)).Items().Select(o => o.Id()));
        await orders.GetAsync($"/orders/{Guid.NewGuid()}").ExpectAsync(HttpStatusCode.NotFound);

        // The restaurant's owner lists its orders; another owner may not.
        using var owner = system.Client("orders", shop.Owner);
        Assert.Contains(placed.Id(), (await owner.GetAsync($"/restaurants/{shop.RestaurantId}/orders").ExpectAsync(HttpStatusCode.OK)).Items().Select(o => o.Id()));
        using var otherOwner = system.Client("orders", await system.SignUpAsync(Callers.RestaurantOwner));
        await otherOwner.GetAsync($"/restaurants/{shop.RestaurantId}/orders").ExpectAsync(HttpStatusCode.Forbidden);

        // Paid by events alone, then cancelled by its customer (which also clears its waiting delivery for later tests).
        await system.OrderReachesAsync(customer, placed.Id(), "Paid");
        var cancelled = await orders.PostAsync($"/orders/{placed.Id()}/cancel", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled.Text("status"));
        await orders.PostAsync($"/orders/{placed.Id()}/cancel", null).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_customers_and_a_restaurants_orders_are_listed_newest_first_in_pages()
    {
        // Priced to be declined: the orders end PaymentFailed and leave no delivery for later tests' couriers.
        var shop = await system.OpenShopAsync(250_000);
        var customer = await system.SignUpCustomerAsync();
        var placed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            placed.Add((await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0])).Id());
        }
        placed.Reverse();

        using var orders = system.Client("orders", customer);
        var mine = await orders.WalkPagesAsync("/orders?limit=2");
        Assert.Equal([2, 1], mine.Select(page => page.Items().Count()));
        Assert.Equal(placed, mine.Ids());
        using var owner = system.Client("orders", shop.Owner);
        Assert.Equal(placed, (await owner.WalkPagesAsync($"/restaurants/{shop.RestaurantId}/orders?limit=1")).Ids());

        await orders.GetAsync("/orders?limit=201").ExpectInvalidAsync("limit");
        await owner.GetAsync($"/restaurants/{shop.RestaurantId}/orders?limit=0").ExpectInvalidAsync("limit");
        await orders.GetAsync("/orders?after=yesterday").ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_order_input_is_refused_naming_each_field_down_to_the_line()
    {
        var customer = await system.SignUpCustomerAsync();
        using var orders = system.Client("orders", customer);
        await orders.PostAsJsonAsync("/orders", new { lines = Array.Empty<object>() }).ExpectInvalidAsync("RestaurantId", "Lines");
        await orders.PostAsJsonAsync("/orders", new { restaurantId = Guid.NewGuid(), lines = new[] { new { menuItemId = Guid.NewGuid(), quantity = 0 } } })
            .ExpectInvalidAsync("Lines[0].Quantity");
        await orders.PostRawJsonAsync("/orders", "{ not json").ExpectAsync(HttpStatusCode.BadRequest);
        await orders.PostAsJsonAsync("/orders", new { restaurantId = Guid.NewGuid(), lines = new[] { new { menuItemId = Guid.NewGuid(), quantity = 1 } } })
            .ExpectInvalidAsync("restaurantId");
    }

    [Fact]
    public async Task Unknown_foreign_unavailable_and_mixed_currency_items_and_closed_restaurants_are_refused_naming_the_line()
    {
        var shop = await system.OpenShopAsync(500);
        var other = await system.OpenShopAsync(700);
        var unavailable = await system.CreateMenuItemAsync(shop.Owner, shop.RestaurantId, 800, available: false);
        var dollars = await system.CreateMenuItemAsync(shop.Owner, shop.RestaurantId, 900, currency: "USD");
        await system.OrdersKnowAsync("menu_item_replicas", unavailable);
        await system.OrdersKnowAsync("menu_item_replicas", dollars);
        var closed = await system.CreateRestaurantAsync(shop.Owner, isOpen: false);
        await system.OrdersKnowAsync("restaurant_replicas", closed);
        var customer = await system.SignUpCustomerAsync();
        using var orders = system.Client("orders", customer);
        object Order(Guid restaurantId, params Guid[] items) => new { restaurantId, lines = items.Select(menuItemId => new { menuItemId, quantity = 1 }).ToArray() };

        await orders.PostAsJsonAsync("/orders", Order(shop.RestaurantId, shop.Items[0], Guid.NewGuid())).ExpectInvalidAsync("lines[1].menuItemId");
        await orders.PostAsJsonAsync("/orders", Order(shop.RestaurantId, other.Items[0], shop.Items[0])).ExpectInvalidAsync("lines[0].menuItemId");
        var refused = await orders.PostAsJsonAsync("/orders", Order(shop.RestaurantId, shop.Items[0], unavailable)).ExpectAsync(HttpStatusCode.Conflict);
        Assert.True(refused.GetProperty("errors").TryGetProperty("lines[1].menuItemId", out _), refused.ToString());
        var mixed = await orders.PostAsJsonAsync("/orders", Order(shop.RestaurantId, shop.Items[0], dollars)).ExpectAsync(HttpStatusCode.Conflict);
        Assert.True(mixed.GetProperty("errors").TryGetProperty("lines", out _), mixed.ToString());
        var shut = await orders.PostAsJsonAsync("/orders", Order(closed, shop.Items[0])).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("restaurantId", shut.Text("field"));
        Assert.Empty((await orders.GetAsync("/orders").ExpectAsync(HttpStatusCode.OK)).Items());
    }

    [Fact]
    public async Task A_customer_orders_has_not_heard_of_yet_is_told_to_retry_with_409()
    {
        var shop = await system.OpenShopAsync(500);
        var token = await system.ForgeTokenAsync(Guid.NewGuid(), Callers.Customer, DateTime.UtcNow.AddHours(1));
        using var orders = system.Client("orders", token);
        var refused = await orders.PostAsJsonAsync("/orders", new { restaurantId = shop.RestaurantId, lines = new[] { new { menuItemId = shop.Items[0], quantity = 1 } } })
            .ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("not reached orders", refused.Text("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivered_order_cannot_be_cancelled_stays_charged_once_and_reaches_reviews_replica()
    {
        var shop = await system.OpenShopAsync(2100);
        var customer = await system.SignUpCustomerAsync();
        var order = await system.DeliveredOrderAsync(customer, shop);

        using var orders = system.Client("orders", customer);
        await orders.PostAsync($"/orders/{order.Id()}/cancel", null).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await system.CountAsync("paymentsdb", "payments", "order_id", order.Id()));
        Assert.Equal("Captured", await system.ColumnAsync<string>("paymentsdb", "payments", "status", "order_id", order.Id()));
        // Reviews replicates OrderChanged too: the members it reads are unchanged.
        await system.StatusReachesAsync("reviewsdb", "order_replicas", "id", order.Id(), "Delivered");
    }
}
