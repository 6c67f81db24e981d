using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The whole food-delivery story through the seven HTTP APIs with real tokens: each step checks the
/// owner's API and the replicas that depend on it; at the end every replica equals its owner and
/// nothing on the bus carried a credential.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class FoodDeliveryStoryTests(RunningSystem system)
{
    [Fact]
    public Task An_owner_opens_a_restaurant_a_customer_orders_pays_a_courier_delivers_and_the_review_moves_the_rating() =>
        RunAsync(system);

    /// <summary>The story on any one-cluster system (also run with every service scaled out, <see cref="ScaleOutTests"/>).</summary>
    internal static async Task RunAsync(RunningSystem system)
    {
        await using var bus = await BusRecorder.StartAsync(system);

        // The owner signs up; restaurants, orders and delivery learn the account.
        var owner = await system.SignUpAsync(Callers.RestaurantOwner, "Olivia Owner");
        foreach (var database in new[] { "restaurantsdb", "ordersdb", "deliverydb" })
        {
            await system.AccountKnownToAsync(owner, database);
            Assert.Equal("RestaurantOwner", await system.ColumnAsync<string>(database, "account_replicas", "role", "id", owner.Id));
        }

        // ...creates a restaurant and its menu; menu, orders and delivery replicate the restaurant, orders the items.
        var restaurantId = await system.CreateRestaurantAsync(owner, isOpen: true, name: "Story Kitchen");
        using var restaurants = system.Client("restaurants");
        Assert.Equal("Story Kitchen", (await restaurants.GetAsync($"/restaurants/{restaurantId}").ExpectAsync(HttpStatusCode.OK)).Text("name"));
        foreach (var database in new[] { "menudb", "ordersdb", "deliverydb" })
        {
            await system.ReplicaReachesAsync(database, "restaurant_replicas", restaurantId, 1);
        }
        var pizza = await system.CreateMenuItemAsync(owner, restaurantId, 1250, name: "Pizza");
        var salad = await system.CreateMenuItemAsync(owner, restaurantId, 700, name: "Salad");
        using var menu = system.Client("menu");
        Assert.Equal(2, (await menu.GetAsync($"/restaurants/{restaurantId}/items").ExpectAsync(HttpStatusCode.OK)).Items().Count());
        await system.ReplicaReachesAsync("ordersdb", "menu_item_replicas", pizza, 1);
        await system.ReplicaReachesAsync("ordersdb", "menu_item_replicas", salad, 1);

        // A courier signs up and goes on duty; a customer signs up.
        var courier = await system.SignUpCourierOnDutyAsync();
        try
        {
            await StoryAsync(system, bus, owner, restaurantId, pizza, salad, courier);
        }
        finally
        {
            // Off duty, so no later test's delivery waits on this courier.
            await system.SetOnDutyAsync(courier, false);
        }
    }

    static async Task StoryAsync(RunningSystem system, BusRecorder bus, Caller owner, Guid restaurantId, Guid pizza, Guid salad, Caller courier)
    {
        using var restaurants = system.Client("restaurants");
        await system.AccountKnownToAsync(courier, "deliverydb");
        var customer = await system.SignUpCustomerAsync();

        // The customer orders; payments, delivery and reviews replicate the order.
        using var orders = system.Client("orders", customer);
        var placed = await orders.PostAsJsonAsync("/orders", new
        {
            restaurantId,
            lines = new[] { new { menuItemId = pizza, quantity = 2 }, new { menuItemId = salad, quantity = 1 } },
        }).ExpectAsync(HttpStatusCode.Created);
        var orderId = placed.Id();
        Assert.Equal((3200L, "Placed"), (placed.GetProperty("totalMinor").GetInt64(), placed.Text("status")));
        foreach (var database in new[] { "paymentsdb", "deliverydb", "reviewsdb" })
        {
            await system.ReplicaReachesAsync(database, "order_replicas", orderId, 1);
        }

        // Payments charges it; orders learns the payment and marks the order paid.
        var paid = await system.OrderReachesAsync(customer, orderId, "Paid");
        using var payments = system.Client("payments", customer);
        var payment = Assert.Single((await payments.GetAsync($"/payments?orderId={orderId}").ExpectAsync(HttpStatusCode.OK)).Items());
        Assert.Equal(("Captured", 3200L), (payment.Text("status"), payment.GetProperty("amountMinor").GetInt64()));
        await system.StatusReachesAsync("ordersdb", "payment_replicas", "id", payment.Id(), "Captured");
        foreach (var database in new[] { "paymentsdb", "deliverydb", "reviewsdb" })
        {
            await system.ReplicaReachesAsync(database, "order_replicas", orderId, paid.Version());
        }

        // Delivery assigns the courier, who picks up and delivers; orders follows each step.
        var delivery = await system.TakeDeliveryOfAsync(courier, orderId);
        Assert.Equal(("Assigned", courier.Id), (delivery.Text("status"), delivery.GetProperty("courierId").GetGuid()));
        await system.StatusReachesAsync("ordersdb", "delivery_replicas", "id", delivery.Id(), "Assigned");
        using var asCourier = system.Client("delivery", courier);
        await asCourier.PostAsync($"/deliveries/{delivery.Id()}/pickup", null).ExpectAsync(HttpStatusCode.OK);
        await system.OrderReachesAsync(customer, orderId, "OutForDelivery");
        await system.StatusReachesAsync("ordersdb", "delivery_replicas", "id", delivery.Id(), "PickedUp");
        await asCourier.PostAsync($"/deliveries/{delivery.Id()}/deliver", null).ExpectAsync(HttpStatusCode.OK);
        var delivered = await system.OrderReachesAsync(customer, orderId, "Delivered");
        foreach (var database in new[] { "paymentsdb", "deliverydb", "reviewsdb" })
        {
            await system.ReplicaReachesAsync(database, "order_replicas", orderId, delivered.Version());
        }

        // The customer reviews; restaurants replicates the review and the rating moves.
        Assert.Equal(0, (await restaurants.GetAsync($"/restaurants/{restaurantId}").ExpectAsync(HttpStatusCode.OK)).GetProperty("rating").GetProperty("reviews").GetInt32());
        using var reviews = system.Client("reviews", customer);
        var review = await reviews.PostAsJsonAsync("/reviews", new { orderId, stars = 4, text = "Crisp and hot." }).ExpectAsync(HttpStatusCode.Created);
        await system.ReplicaReachesAsync("restaurantsdb", "review_replicas", review.Id(), 1);
        var rating = (await restaurants.GetAsync($"/restaurants/{restaurantId}").ExpectAsync(HttpStatusCode.OK)).GetProperty("rating");
        Assert.Equal((1, 4.0), (rating.GetProperty("reviews").GetInt32(), rating.GetProperty("averageStars").GetDouble()));

        // Every replica equals its owner's current state and version: none missing, stale or diverged, no
        // outbox backlog. (Other tests of this shared system inject events no owner has, on purpose:
        // those show as extra rows, and their dead letters may wait; neither is the story's.)
        var (converged, report) = await system.WaitForConvergenceAsync(TimeSpan.FromSeconds(60), r =>
            r.Pairs.All(pair => pair.Error is null && pair.Missing + pair.Stale + pair.Diverged == 0)
            && r.Services.All(service => service.OutboxBacklog == 0));
        Assert.True(converged is not null, report.ToString());
        // One pair per replica the catalogue lists.
        Assert.Equal(ServiceCatalogue.Services.Sum(service => service.Replicates.Count), report.Pairs.Count());

        // Nothing on the bus carried a password, its hash or a token.
        await Eventually.ValueAsync(() => Task.FromResult(bus.Messages.Count(m => m.Type == "ReviewChanged")), count => count > 0);
        Assert.Contains(bus.Messages, m => m.Type == "AccountChanged" && m.Body.Contains(owner.Id.ToString(), StringComparison.Ordinal));
        var hashes = new List<string>();
        foreach (var account in new[] { owner, courier, customer })
        {
            hashes.Add((await system.ColumnAsync<string>("accountsdb", "accounts", "password_hash", "id", account.Id))!);
        }
        var forbidden = new[] { owner.Password, "password", "passwordHash", "password_hash", owner.Token, courier.Token, customer.Token }.Concat(hashes);
        foreach (var message in bus.Messages)
        {
            foreach (var secret in forbidden)
            {
                Assert.False(message.Contains(secret), $"a {message.Type} from {message.AppId} carried '{secret[..Math.Min(12, secret.Length)]}...': {message.Body}");
            }
        }
    }
}
