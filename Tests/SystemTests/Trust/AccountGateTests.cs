namespace FoodDelivery.SystemTests;

/// <summary>
/// Every service's account gate checks the role the endpoint wants against the account's own row, not only the
/// token's claim: a token that claims a role its account does not have (signed with the real key: a leaked key, or
/// a bug in accounts) is refused with 403 and the row's role, before any handler looks at the request.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class AccountGateTests(RunningSystem system)
{
    [Fact]
    public async Task A_token_claiming_a_role_its_account_does_not_have_is_refused_by_every_gate()
    {
        var customer = await system.SignUpAsync(Callers.Customer);
        var courier = await system.SignUpAsync(Callers.Courier);
        foreach (var database in new[] { "restaurantsdb", "menudb", "ordersdb", "deliverydb", "reviewsdb" })
        {
            await system.AccountKnownToAsync(customer, database);
            await system.AccountKnownToAsync(courier, database);
        }
        var customerAsOwner = await system.ForgeTokenAsync(customer.Id, Callers.RestaurantOwner, DateTime.UtcNow.AddHours(1));
        var customerAsCourier = await system.ForgeTokenAsync(customer.Id, Callers.Courier, DateTime.UtcNow.AddHours(1));
        var courierAsCustomer = await system.ForgeTokenAsync(courier.Id, Callers.Customer, DateTime.UtcNow.AddHours(1));

        using var restaurants = system.Client("restaurants", customerAsOwner);
        await ExpectRefusedAsync(restaurants.PostAsJsonAsync("/restaurants", new { name = "Not mine", address = "1 Main St", cuisine = "Pizza" }), "Customer", "RestaurantOwner");
        using var menu = system.Client("menu", customerAsOwner);
        await ExpectRefusedAsync(menu.PostAsJsonAsync($"/restaurants/{Guid.NewGuid()}/items",
            new { name = "Soup", priceMinor = 500, currency = "EUR", available = true }), "Customer", "RestaurantOwner");
        using var delivery = system.Client("delivery", customerAsCourier);
        await ExpectRefusedAsync(delivery.PutAsJsonAsync("/couriers/me/availability", new { available = true }), "Customer", "Courier");
        using var orders = system.Client("orders", courierAsCustomer);
        await ExpectRefusedAsync(orders.PostAsJsonAsync("/orders",
            new { restaurantId = Guid.NewGuid(), lines = new[] { new { menuItemId = Guid.NewGuid(), quantity = 1 } } }), "Courier", "Customer");
        using var reviews = system.Client("reviews", courierAsCustomer);
        await ExpectRefusedAsync(reviews.PostAsJsonAsync("/reviews", new { orderId = Guid.NewGuid(), stars = 5 }), "Courier", "Customer");
    }

    [Fact]
    public async Task The_account_the_gate_hands_a_handler_is_no_parameter_of_the_api_document()
    {
        using var orders = system.Client("orders");
        using var document = System.Text.Json.JsonDocument.Parse(await orders.GetStringAsync("/openapi/v1.json"));
        var place = document.RootElement.GetProperty("paths").GetProperty("/orders").GetProperty("post");
        var parameters = place.TryGetProperty("parameters", out var listed) ? listed.EnumerateArray().Select(p => p.Text("name")).ToList() : [];
        Assert.DoesNotContain("customer", parameters);
    }

    static async Task ExpectRefusedAsync(Task<HttpResponseMessage> write, string held, string wanted)
    {
        var problem = await write.ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains($"the account is a {held}, not a {wanted}", problem.Text("detail"), StringComparison.Ordinal);
    }
}
