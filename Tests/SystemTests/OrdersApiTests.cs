namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class OrdersApiTests(RunningSystem system)
{
    readonly HttpClient orders = system.Client("orders");

    static object NewOrder() => new
    {
        customerId = Guid.NewGuid(),
        restaurantId = Guid.NewGuid(),
        currency = "EUR",
        lines = new[]
        {
            new { menuItemId = Guid.NewGuid(), name = "Margherita", unitPriceMinor = 950, quantity = 2 },
            new { menuItemId = Guid.NewGuid(), name = "Tiramisu", unitPriceMinor = 600, quantity = 1 },
        },
    };

    [Fact]
    public async Task An_order_is_placed_with_its_total_cancelled_and_deleted_leaving_a_versioned_tombstone()
    {
        var placed = await orders.PostAsJsonAsync("/orders", NewOrder()).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, "Placed", 2500L), (placed.Version(), placed.Text("status"), placed.GetProperty("totalMinor").GetInt64()));
        Assert.Equal(2, placed.GetProperty("lines").GetArrayLength());

        var cancelled = await orders.PostAsync($"/orders/{placed.Id()}/cancel", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, "Cancelled"), (cancelled.Version(), cancelled.Text("status")));
        await orders.PostAsync($"/orders/{placed.Id()}/cancel", null).ExpectAsync(HttpStatusCode.Conflict);

        await orders.DeleteAsync($"/orders/{placed.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await orders.GetAsync($"/orders/{placed.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((3L, true), await system.ReadRowAsync("ordersdb", "orders", placed.Id()));
    }

    [Fact]
    public async Task Invalid_order_input_is_refused_naming_each_field_down_to_the_line()
    {
        await orders.PostAsJsonAsync("/orders", new { currency = "eur", lines = Array.Empty<object>() })
            .ExpectInvalidAsync("CustomerId", "RestaurantId", "Currency", "Lines");
        await orders.PostAsJsonAsync("/orders", new
        {
            customerId = Guid.NewGuid(),
            restaurantId = Guid.NewGuid(),
            currency = "EUR",
            lines = new[] { new { menuItemId = Guid.NewGuid(), name = "Soup", unitPriceMinor = 500, quantity = 0 } },
        }).ExpectInvalidAsync("Lines[0].Quantity");
        await orders.GetAsync($"/orders/{Guid.NewGuid()}").ExpectAsync(HttpStatusCode.NotFound);
    }
}
