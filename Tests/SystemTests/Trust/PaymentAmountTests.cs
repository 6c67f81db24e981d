using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Payments alone may publish payments, but what it says is still checked against what orders knows: a payment
/// pays its order only for the order's total, in the order's currency. A compromised payments service, with its
/// own broker credentials, cannot mark an order paid with a cent. On their own AppHost: the tests stop payments
/// and dead-letter what it sends.
/// </summary>
[Collection(nameof(IsolatedSystem))]
public sealed class PaymentAmountTests(IsolatedSystem system)
{
    [Theory]
    [InlineData("a cent", 1L, null)]
    [InlineData("the total in another currency", 0L, "USD")]
    public async Task A_captured_payment_that_is_not_its_order_s_total_does_not_pay_the_order_and_is_dead_lettered(
        string forged, long amountMinor, string? currency)
    {
        var shop = await system.OpenShopAsync(1_250);
        var customer = await system.SignUpCustomerAsync();
        // Stopped, payments does not pay the order itself meanwhile; its credentials are all the forger needs.
        await system.StopAsync("payments");
        try
        {
            var order = await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0]);
            var total = order.GetProperty("totalMinor").GetInt64();
            var orderCurrency = order.Text("currency");
            var paymentId = Guid.CreateVersion7();
            var messageId = Guid.NewGuid().ToString();
            var payment = new PaymentChanged(paymentId, 1, false, order.Id(),
                amountMinor == 0 ? total : amountMinor, currency ?? orderCurrency, nameof(PaymentStatus.Captured), null);
            await using (var payments = await RawBroker.ConnectAsync(system, "payments"))
            {
                await payments.PublishAsync(nameof(PaymentChanged), JsonSerializer.Serialize(payment, JsonSerializerOptions.Web), messageId);
            }

            // Judged once it is either applied (a payment replica) or dead-lettered.
            await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);
            var letters = new List<(string? MessageId, IDictionary<string, object?> Headers)>();
            await Eventually.ValueAsync(async () =>
            {
                letters.AddRange(await inspector.DrainAsync(BrokerNames.DeadLetterQueue("orders")));
                return letters.Any(letter => letter.MessageId == messageId)
                    || await system.CountAsync("ordersdb", "payment_replicas", "id", paymentId) > 0;
            }, judged => judged);

            using var orders = system.Client("orders", customer);
            var seen = await orders.GetAsync($"/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK);
            Assert.True(seen.Text("status") == nameof(OrderStatus.Placed), $"{forged} made the order {seen.Text("status")}");
            Assert.Equal(0L, await system.CountAsync("ordersdb", "payment_replicas", "id", paymentId));
            var reason = RawBroker.Text(Assert.Single(letters, letter => letter.MessageId == messageId).Headers["fd-dead-letter-reason"]);
            Assert.Contains("PaymentChanged", reason, StringComparison.Ordinal);
            Assert.Contains(total.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
        }
        finally
        {
            await system.StartAsync("payments");
        }
    }
}
