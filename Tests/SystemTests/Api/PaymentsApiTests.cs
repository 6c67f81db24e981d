namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class PaymentsApiTests(RunningSystem system)
{
    [Fact]
    public async Task A_placed_order_is_charged_once_seen_only_by_its_customer_and_refunded_when_cancelled_before_pickup()
    {
        var shop = await system.OpenShopAsync(1250);
        var customer = await system.SignUpCustomerAsync();
        var order = await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0], shop.Items[0]);
        using var payments = system.Client("payments", customer);

        var captured = await Eventually.ValueAsync(
            () => payments.GetAsync($"/payments?orderId={order.Id()}").ExpectAsync(HttpStatusCode.OK),
            found => found.Items().Count() == 1 && found.Items().First().Text("status") == "Captured");
        var payment = captured.Items().Single();
        Assert.Equal((2500L, "EUR", 2L), (payment.GetProperty("amountMinor").GetInt64(), payment.Text("currency"), payment.Version()));
        await system.OrderReachesAsync(customer, order.Id(), "Paid");
        // The ledger holds one row for the order, and orders' replica of it says what payments says.
        Assert.Equal(1, await system.CountAsync("paymentsdb", "payments", "order_id", order.Id()));
        await system.StatusReachesAsync("ordersdb", "payment_replicas", "id", payment.Id(), "Captured");
        Assert.Equal(payment.Id(), (await payments.GetAsync("/payments").ExpectAsync(HttpStatusCode.OK)).Items().Single().Id());
        await payments.GetAsync($"/payments/{payment.Id()}").ExpectAsync(HttpStatusCode.OK);

        using var strangers = system.Client("payments", await system.SignUpAsync(Callers.Customer));
        await strangers.GetAsync($"/payments?orderId={order.Id()}").ExpectAsync(HttpStatusCode.Forbidden);
        await strangers.GetAsync($"/payments/{payment.Id()}").ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await strangers.GetAsync("/payments").ExpectAsync(HttpStatusCode.OK)).Items());
        Assert.Equal([payment.Id()], (await payments.WalkPagesAsync($"/payments?orderId={order.Id()}&limit=1")).Ids());
        await payments.GetAsync("/payments?limit=201").ExpectInvalidAsync("limit");
        await payments.GetAsync($"/payments?after={payment.Id()}x").ExpectAsync(HttpStatusCode.BadRequest);

        using var orders = system.Client("orders", customer);
        await orders.PostAsync($"/orders/{order.Id()}/cancel", null).ExpectAsync(HttpStatusCode.OK);
        var refunded = await Eventually.ValueAsync(
            () => payments.GetAsync($"/payments/{payment.Id()}").ExpectAsync(HttpStatusCode.OK),
            found => found.Text("status") == "Refunded");
        Assert.Equal(3L, refunded.Version());
        await system.StatusReachesAsync("ordersdb", "payment_replicas", "id", payment.Id(), "Refunded");
        Assert.Equal(1, await system.CountAsync("paymentsdb", "payments", "order_id", order.Id()));
        Assert.Equal("Cancelled", (await orders.GetAsync($"/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
    }

    [Fact]
    public async Task A_total_from_2000_to_2999_99_is_declined_and_the_order_ends_PaymentFailed()
    {
        var shop = await system.OpenShopAsync(250_000);
        var customer = await system.SignUpCustomerAsync();
        var order = await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0]);

        await system.OrderReachesAsync(customer, order.Id(), "PaymentFailed");
        using var payments = system.Client("payments", customer);
        var failed = (await payments.GetAsync($"/payments?orderId={order.Id()}").ExpectAsync(HttpStatusCode.OK)).Items().Single();
        Assert.Equal((1L, "Failed"), (failed.Version(), failed.Text("status")));
        Assert.Contains("declined", failed.Text("failureReason"), StringComparison.Ordinal);
        await system.StatusReachesAsync("ordersdb", "payment_replicas", "id", failed.Id(), "Failed");
        // Nothing to deliver, and nothing left to cancel.
        await system.StatusReachesAsync("deliverydb", "order_replicas", "id", order.Id(), "PaymentFailed");
        Assert.Equal(0, await system.CountAsync("deliverydb", "deliveries", "order_id", order.Id()));
        using var orders = system.Client("orders", customer);
        await orders.PostAsync($"/orders/{order.Id()}/cancel", null).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_order_cancelled_before_payments_saw_it_placed_is_never_charged()
    {
        // Cancelled at once: payments may see Placed first (charge, then refund) or only Cancelled
        // (no charge). Either way no money stays taken.
        var shop = await system.OpenShopAsync(300);
        var customer = await system.SignUpCustomerAsync();
        var order = await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0]);
        using var orders = system.Client("orders", customer);
        await orders.PostAsync($"/orders/{order.Id()}/cancel", null).ExpectAsync(HttpStatusCode.OK);

        await system.StatusReachesAsync("paymentsdb", "order_replicas", "id", order.Id(), "Cancelled");
        var status = await system.ColumnAsync<string>("paymentsdb", "payments", "status", "order_id", order.Id());
        Assert.True(status is null or "Refunded", status);
        Assert.Equal("Cancelled", (await orders.GetAsync($"/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
    }
}
