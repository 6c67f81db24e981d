namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class PaymentsApiTests(RunningSystem system)
{
    readonly HttpClient payments = system.Client("payments");

    [Fact]
    public async Task A_payment_is_authorised_captured_refunded_and_deleted_leaving_a_versioned_tombstone()
    {
        var orderId = Guid.NewGuid();
        var payment = await payments.PostAsJsonAsync("/payments", new { orderId, amountMinor = 2500, currency = "EUR" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, "Authorised"), (payment.Version(), payment.Text("status")));

        var captured = await payments.PutAsJsonAsync($"/payments/{payment.Id()}/status", new { status = "Captured" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, "Captured"), (captured.Version(), captured.Text("status")));
        await payments.PutAsJsonAsync($"/payments/{payment.Id()}/status", new { status = "Failed" }).ExpectAsync(HttpStatusCode.Conflict);
        var refunded = await payments.PutAsJsonAsync($"/payments/{payment.Id()}/status", new { status = "Refunded" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((3L, "Refunded"), (refunded.Version(), refunded.Text("status")));

        Assert.Single((await payments.GetAsync($"/payments?orderId={orderId}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
        await payments.DeleteAsync($"/payments/{payment.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await payments.GetAsync($"/payments/{payment.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((4L, true), await system.ReadRowAsync("paymentsdb", "payments", payment.Id()));
    }

    [Fact]
    public async Task An_order_is_paid_once()
    {
        var payment = new { orderId = Guid.NewGuid(), amountMinor = 100, currency = "EUR" };
        await payments.PostAsJsonAsync("/payments", payment).ExpectAsync(HttpStatusCode.Created);
        await payments.PostAsJsonAsync("/payments", payment).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_payment_input_is_refused_naming_each_field()
    {
        await payments.PostAsJsonAsync("/payments", new { amountMinor = -5, currency = "" }).ExpectInvalidAsync("OrderId", "AmountMinor", "Currency");
        await payments.PostRawJsonAsync("/payments", "{ not json").ExpectAsync(HttpStatusCode.BadRequest);
        await payments.PutAsJsonAsync($"/payments/{Guid.NewGuid()}/status", new { status = "Captured" }).ExpectAsync(HttpStatusCode.NotFound);
    }
}
