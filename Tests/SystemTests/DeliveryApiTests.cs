namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class DeliveryApiTests(RunningSystem system)
{
    readonly HttpClient delivery = system.Client("delivery");

    [Fact]
    public async Task A_courier_sets_their_availability()
    {
        var courierId = Guid.NewGuid();
        var available = await delivery.PutAsJsonAsync($"/couriers/{courierId}/availability", new { available = true }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((courierId, 1L, true), (available.Id(), available.Version(), available.GetProperty("available").GetBoolean()));
        var away = await delivery.PutAsJsonAsync($"/couriers/{courierId}/availability", new { available = false }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, false), (away.Version(), away.GetProperty("available").GetBoolean()));
        await delivery.PutAsJsonAsync($"/couriers/{courierId}/availability", new { }).ExpectInvalidAsync("Available");
    }

    [Fact]
    public async Task A_delivery_moves_from_waiting_to_delivered_only_in_order()
    {
        var created = await delivery.PostAsJsonAsync("/deliveries", new { orderId = Guid.NewGuid() }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, "Waiting"), (created.Version(), created.Text("status")));
        var status = $"/deliveries/{created.Id()}/status";

        await delivery.PutAsJsonAsync(status, new { status = "Delivered" }).ExpectAsync(HttpStatusCode.Conflict);
        await delivery.PutAsJsonAsync(status, new { status = "Assigned" }).ExpectInvalidAsync("CourierId");
        await delivery.PutAsJsonAsync(status, new { status = "Assigned", courierId = Guid.NewGuid() }).ExpectAsync(HttpStatusCode.OK);
        await delivery.PutAsJsonAsync(status, new { status = "PickedUp" }).ExpectAsync(HttpStatusCode.OK);
        var delivered = await delivery.PutAsJsonAsync(status, new { status = "Delivered" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((4L, "Delivered"), (delivered.Version(), delivered.Text("status")));

        await delivery.DeleteAsync($"/deliveries/{created.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await delivery.GetAsync($"/deliveries/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((5L, true), await system.ReadRowAsync("deliverydb", "deliveries", created.Id()));
    }

    [Fact]
    public async Task An_order_gets_one_delivery()
    {
        var orderId = Guid.NewGuid();
        await delivery.PostAsJsonAsync("/deliveries", new { orderId }).ExpectAsync(HttpStatusCode.Created);
        await delivery.PostAsJsonAsync("/deliveries", new { orderId }).ExpectAsync(HttpStatusCode.Conflict);
        await delivery.PostAsJsonAsync("/deliveries", new { }).ExpectInvalidAsync("OrderId");
    }
}
