namespace FoodDelivery.SystemTests;

// Couriers left on duty would take other tests' deliveries: every test takes its couriers off duty at the end.
[Collection(nameof(RunningSystem))]
public sealed class DeliveryApiTests(RunningSystem system)
{
    [Fact]
    public async Task An_order_goes_from_placed_to_paid_picked_up_and_delivered_through_events_only()
    {
        var shop = await system.OpenShopAsync(1800);
        var customer = await system.SignUpCustomerAsync();
        var courier = await system.SignUpCourierOnDutyAsync();
        try
        {
            var order = await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0]);
            await system.OrderReachesAsync(customer, order.Id(), "Paid");
            await system.StatusReachesAsync("paymentsdb", "payments", "order_id", order.Id(), "Captured");

            var assigned = await system.TakeDeliveryOfAsync(courier, order.Id());
            Assert.Equal((courier.Id, "Assigned"), (assigned.GetProperty("courierId").GetGuid(), assigned.Text("status")));
            Assert.Equal("1 Test Street", assigned.GetProperty("pickup").Text("address"));
            await system.StatusReachesAsync("ordersdb", "delivery_replicas", "id", assigned.Id(), "Assigned");
            using var delivery = system.Client("delivery", courier);
            Assert.False((await delivery.GetAsync("/couriers/me").ExpectAsync(HttpStatusCode.OK)).GetProperty("available").GetBoolean());

            // Only the assigned courier works it, and only in order.
            using var otherCourier = system.Client("delivery", await system.SignUpAsync(Callers.Courier));
            await otherCourier.PostAsync($"/deliveries/{assigned.Id()}/pickup", null).ExpectAsync(HttpStatusCode.Forbidden);
            await otherCourier.GetAsync($"/deliveries/{assigned.Id()}").ExpectAsync(HttpStatusCode.Forbidden);
            await delivery.PostAsync($"/deliveries/{assigned.Id()}/deliver", null).ExpectAsync(HttpStatusCode.Conflict);
            await delivery.PostAsync($"/deliveries/{Guid.NewGuid()}/pickup", null).ExpectAsync(HttpStatusCode.NotFound);

            var pickedUp = await delivery.PostAsync($"/deliveries/{assigned.Id()}/pickup", null).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("PickedUp", pickedUp.Text("status"));
            await system.OrderReachesAsync(customer, order.Id(), "OutForDelivery");
            using var orders = system.Client("orders", customer);
            var refused = await orders.PostAsync($"/orders/{order.Id()}/cancel", null).ExpectAsync(HttpStatusCode.Conflict);
            Assert.Contains("can no longer be cancelled", refused.Text("title"), StringComparison.Ordinal);

            var delivered = await delivery.PostAsync($"/deliveries/{assigned.Id()}/deliver", null).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("Delivered", delivered.Text("status"));
            await system.OrderReachesAsync(customer, order.Id(), "Delivered");
            // Every replica that follows the order converges on its owner's state.
            await system.StatusReachesAsync("ordersdb", "delivery_replicas", "id", assigned.Id(), "Delivered");
            await system.StatusReachesAsync("deliverydb", "order_replicas", "id", order.Id(), "Delivered");
            await system.StatusReachesAsync("paymentsdb", "order_replicas", "id", order.Id(), "Delivered");
            Assert.Equal("Captured", await system.ColumnAsync<string>("paymentsdb", "payments", "status", "order_id", order.Id()));
            Assert.Equal("Delivered", (await delivery.GetAsync("/deliveries").ExpectAsync(HttpStatusCode.OK)).Items().First(d => d.Id() == assigned.Id()).Text("status"));
            // One delivery a page, newest first: every delivery of the courier once, this one among them.
            var walked = (await delivery.WalkPagesAsync("/deliveries?limit=1")).Ids();
            Assert.Contains(assigned.Id(), walked);
            Assert.Equal(walked.Count, walked.Distinct().Count());
            await delivery.GetAsync("/deliveries?limit=0").ExpectInvalidAsync("limit");
            await delivery.GetAsync("/deliveries?after=0").ExpectAsync(HttpStatusCode.BadRequest);
            // Free again for the next delivery.
            var me = await delivery.GetAsync("/couriers/me").ExpectAsync(HttpStatusCode.OK);
            Assert.True(me.GetProperty("available").GetBoolean() || me.GetProperty("currentDeliveryId").ValueKind == System.Text.Json.JsonValueKind.String, me.ToString());
        }
        finally
        {
            await system.SetOnDutyAsync(courier, false);
        }
    }

    [Fact]
    public async Task A_paid_order_waits_for_a_courier_and_goes_to_the_first_who_becomes_available()
    {
        var shop = await system.OpenShopAsync(1100);
        var customer = await system.SignUpCustomerAsync();
        var order = await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0]);
        await system.OrderReachesAsync(customer, order.Id(), "Paid");
        await system.StatusReachesAsync("deliverydb", "deliveries", "order_id", order.Id(), "Waiting");
        await system.StatusReachesAsync("ordersdb", "delivery_replicas", "order_id", order.Id(), "Waiting");

        var courier = await system.SignUpCourierOnDutyAsync();
        try
        {
            var assigned = await system.TakeDeliveryOfAsync(courier, order.Id());
            Assert.Equal("Assigned", assigned.Text("status"));
            await system.StatusReachesAsync("ordersdb", "delivery_replicas", "id", assigned.Id(), "Assigned");
            Assert.Equal(courier.Id, await system.ColumnAsync<Guid>("deliverydb", "deliveries", "courier_id", "id", assigned.Id()));
        }
        finally
        {
            await system.SetOnDutyAsync(courier, false);
            using var orders = system.Client("orders", customer);
            await orders.PostAsync($"/orders/{order.Id()}/cancel", null);
        }
    }

    [Fact]
    public async Task Cancelling_before_pickup_cancels_the_delivery_frees_the_courier_and_refuses_the_pickup()
    {
        var shop = await system.OpenShopAsync(1300);
        var customer = await system.SignUpCustomerAsync();
        var courier = await system.SignUpCourierOnDutyAsync();
        try
        {
            var order = await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0]);
            var assigned = await system.TakeDeliveryOfAsync(courier, order.Id());
            using var orders = system.Client("orders", customer);
            await orders.PostAsync($"/orders/{order.Id()}/cancel", null).ExpectAsync(HttpStatusCode.OK);

            using var delivery = system.Client("delivery", courier);
            await Eventually.ValueAsync(
                () => delivery.GetAsync($"/deliveries/{assigned.Id()}").ExpectAsync(HttpStatusCode.OK),
                found => found.Text("status") == "Cancelled");
            await delivery.PostAsync($"/deliveries/{assigned.Id()}/pickup", null).ExpectAsync(HttpStatusCode.Conflict);
            var me = await delivery.GetAsync("/couriers/me").ExpectAsync(HttpStatusCode.OK);
            Assert.NotEqual(assigned.Id(), me.GetProperty("currentDeliveryId").ValueKind == System.Text.Json.JsonValueKind.String
                ? me.GetProperty("currentDeliveryId").GetGuid() : Guid.Empty);
            await system.StatusReachesAsync("paymentsdb", "payments", "order_id", order.Id(), "Refunded");
            await system.StatusReachesAsync("ordersdb", "delivery_replicas", "id", assigned.Id(), "Cancelled");
        }
        finally
        {
            await system.SetOnDutyAsync(courier, false);
        }
    }

    [Fact]
    public async Task Availability_needs_a_courier_known_to_delivery_and_a_value()
    {
        var courier = await system.SignUpAsync(Callers.Courier);
        using var delivery = system.Client("delivery", courier);
        await delivery.PutAsJsonAsync("/couriers/me/availability", new { }).ExpectInvalidAsync("Available");

        var unknown = await system.ForgeTokenAsync(Guid.NewGuid(), Callers.Courier, DateTime.UtcNow.AddHours(1));
        using var stranger = system.Client("delivery", unknown);
        var refused = await stranger.PutAsJsonAsync("/couriers/me/availability", new { available = true }).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("not reached delivery", refused.Text("title"), StringComparison.Ordinal);

        var onDuty = await system.SetOnDutyAsync(courier, true);
        Assert.True(onDuty.GetProperty("onDuty").GetBoolean());
        var offDuty = await system.SetOnDutyAsync(courier, false);
        Assert.Equal((false, false), (offDuty.GetProperty("onDuty").GetBoolean(), offDuty.GetProperty("available").GetBoolean()));
    }

    [Fact]
    public async Task A_courier_whose_account_is_deleted_goes_off_duty_and_gets_no_more_deliveries()
    {
        var courier = await system.SignUpCourierOnDutyAsync();
        Assert.True(await system.ColumnAsync<bool>("deliverydb", "couriers", "on_duty", "id", courier.Id));
        using var accounts = system.Client("accounts", courier);
        await accounts.DeleteAsync("/accounts/me").ExpectAsync(HttpStatusCode.NoContent);
        await Eventually.AssertAsync(async () =>
            Assert.False(await system.ColumnAsync<bool>("deliverydb", "couriers", "on_duty", "id", courier.Id)));
        Assert.Null(await system.ColumnAsync<DateTime?>("deliverydb", "couriers", "available_since", "id", courier.Id));
    }
}
