using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A suspended account keeps a valid token for up to an hour; every service that takes writes
/// learns the suspension from its own replica of accounts and refuses them meanwhile.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class AccountSuspensionTests(RunningSystem system)
{
    static readonly string[] Replicas = ["restaurantsdb", "menudb", "ordersdb", "deliverydb", "reviewsdb"];

    [Fact]
    public async Task A_suspended_account_is_refused_on_every_write_by_every_service_until_it_is_reinstated()
    {
        var shop = await system.OpenShopAsync(1_000);
        var customer = await system.SignUpCustomerAsync();
        var courier = await system.SignUpAsync(Callers.Courier);
        using var accountsOperator = await system.OperatorClientAsync("accounts");
        Caller[] everyone = [shop.Owner, customer, courier];
        foreach (var caller in everyone)
        {
            var suspended = await accountsOperator.PostAsync($"/operator/accounts/{caller.Id}/suspend", null).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("Suspended", suspended.Text("status"));
        }
        foreach (var database in Replicas)
        {
            foreach (var caller in everyone)
            {
                await system.StatusReachesAsync(database, "account_replicas", "id", caller.Id, nameof(AccountStatus.Suspended));
            }
        }

        using var owner = system.Client("restaurants", shop.Owner);
        await ExpectRefusedAsync(owner.PutAsJsonAsync($"/restaurants/{shop.RestaurantId}",
            new { name = "Taken over", address = "1 Main St", cuisine = "Pizza", isOpen = true }));
        using var menu = system.Client("menu", shop.Owner);
        await ExpectRefusedAsync(menu.PostAsJsonAsync($"/restaurants/{shop.RestaurantId}/items",
            new { name = "Suspended special", priceMinor = 500, currency = "EUR", available = true }));
        using var orders = system.Client("orders", customer);
        await ExpectRefusedAsync(orders.PostAsJsonAsync("/orders",
            new { restaurantId = shop.RestaurantId, lines = new[] { new { menuItemId = shop.Items[0], quantity = 1 } } }));
        using var reviews = system.Client("reviews", customer);
        await ExpectRefusedAsync(reviews.PostAsJsonAsync("/reviews", new { orderId = Guid.NewGuid(), stars = 5, text = "Suspended praise" }));
        using var delivery = system.Client("delivery", courier);
        await ExpectRefusedAsync(delivery.PutAsJsonAsync("/couriers/me/availability", new { available = true }));
        using var accounts = system.Client("accounts", customer);
        await ExpectRefusedAsync(accounts.PutAsJsonAsync("/accounts/me", new { email = customer.Email, displayName = "Still here" }));
        using var signIn = system.Client("accounts").FromNewAddress();
        await signIn.PostAsJsonAsync("/accounts/sign-in", new { email = customer.Email, password = customer.Password }).ExpectAsync(HttpStatusCode.Forbidden);

        // Reinstated, the same token writes again once orders' replica says so.
        await accountsOperator.PostAsync($"/operator/accounts/{customer.Id}/reinstate", null).ExpectAsync(HttpStatusCode.OK);
        await system.StatusReachesAsync("ordersdb", "account_replicas", "id", customer.Id, nameof(AccountStatus.Active));
        await orders.PostAsJsonAsync("/orders",
            new { restaurantId = shop.RestaurantId, lines = new[] { new { menuItemId = shop.Items[0], quantity = 1 } } }).ExpectAsync(HttpStatusCode.Created);
        await accounts.PutAsJsonAsync("/accounts/me", new { email = customer.Email, displayName = "Back again" }).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_the_operator_key_suspends_an_account()
    {
        var customer = await system.SignUpAsync(Callers.Customer);
        using var self = system.Client("accounts", customer);
        // The API port does not serve it at all; the management port wants the repair key, not a token.
        await self.PostAsync($"/operator/accounts/{customer.Id}/suspend", null).ExpectAsync(HttpStatusCode.NotFound);
        using var selfAtManagement = system.ManagementClient("accounts");
        selfAtManagement.DefaultRequestHeaders.Authorization = self.DefaultRequestHeaders.Authorization;
        await selfAtManagement.PostAsync($"/operator/accounts/{customer.Id}/suspend", null).ExpectAsync(HttpStatusCode.Unauthorized);
        using var accountsOperator = await system.OperatorClientAsync("accounts");
        await accountsOperator.PostAsync($"/operator/accounts/{Guid.NewGuid()}/suspend", null).ExpectAsync(HttpStatusCode.NotFound);
    }

    static async Task ExpectRefusedAsync(Task<HttpResponseMessage> write)
    {
        var problem = await write.ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Suspended", problem.Text("detail"), StringComparison.Ordinal);
    }
}
