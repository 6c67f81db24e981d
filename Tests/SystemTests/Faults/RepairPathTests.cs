using FoodDelivery.Contracts;
using Npgsql;
using Xunit.Abstractions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The repair paths keep effects, on an AppHost of its own (payments is stopped): a rebuild that moves a
/// replica past an event still on its way runs that event's reaction, and the convergence check reports a
/// reaction's missing effect, per invariant, though every replica row equals its owner's.
/// </summary>
[Collection(nameof(IsolatedSystem))]
public sealed class RepairPathTests(IsolatedSystem system, ITestOutputHelper output)
{
    const string OneCapturedPayment = "every paid order has exactly one captured payment";

    [Fact]
    public async Task An_order_placed_while_payments_was_down_is_charged_though_payments_rebuilt_its_order_replica_before_the_event_arrived()
    {
        var shop = await system.OpenShopAsync(1250);
        var customer = await system.SignUpCustomerAsync();
        await system.StopAsync("payments");
        var started = false;
        Guid orderId;
        // payments' own broker user takes the order's event off payments' queue and holds it unacknowledged,
        // as a consumer that was down would: the event is still on its way when the rebuild runs.
        var holder = await RawBroker.ConnectAsync(system, "payments");
        try
        {
            orderId = (await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0])).Id();
            var held = new List<(string? Type, string Body)>();
            await Eventually.AssertAsync(async () =>
            {
                held.AddRange(await holder.HoldAsync(BrokerNames.Queue("payments")));
                Assert.Contains(held, message => message.Type == nameof(OrderChanged) && message.Body.Contains(orderId.ToString(), StringComparison.Ordinal));
            });
            await system.StartAsync("payments", degradedWillDo: true);
            started = true;

            var rebuild = await system.RebuildReplicasAsync("payments");

            var replica = rebuild.Of("OrderChanged");
            Assert.Null(replica.Error);
            Assert.Contains(orderId, replica.ExamplesOf("added"));
            output.WriteLine($"Rebuild while the event was held: {rebuild.Message}");
        }
        finally
        {
            // Released: the broker gives the held event back to payments' queue.
            await holder.DisposeAsync();
            if (!started)
            {
                await system.StartAsync("payments", degradedWillDo: true);
            }
        }

        // The event arrives after the rebuild moved the row to its version: stale, so its own reaction is skipped...
        await Eventually.AssertAsync(async () => Assert.Contains((1L, "stale"), await system.InboxAsync("paymentsdb", orderId)));
        // ...and the order is charged all the same, once: the rebuild ran the reaction for the row it added.
        await system.OrderReachesAsync(customer, orderId, "Paid");
        Assert.Equal(1L, await system.CountAsync("paymentsdb", "payments", "order_id", orderId));
        // payments' order replica equals orders' and its effects hold. Not payments' whole verdict: dead letters other
        // tests leave in this shared system count against it, and they are not this test's to ask about.
        await Eventually.ValueAsync(system.CheckConvergenceAsync,
            report => report.Of("payments") is var payments && payments.Replicas.All(pair => pair.Converged) && payments.Of(OneCapturedPayment).Breaches == 0,
            TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task The_convergence_check_reports_a_paid_order_whose_captured_payment_was_taken_away_and_nothing_once_it_is_back()
    {
        var shop = await system.OpenShopAsync(990);
        var customer = await system.SignUpCustomerAsync();
        var orderId = (await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0])).Id();
        await system.OrderReachesAsync(customer, orderId, "Paid");
        await system.StatusReachesAsync("paymentsdb", "order_replicas", "id", orderId, "Paid");
        await system.StatusReachesAsync("deliverydb", "order_replicas", "id", orderId, "Paid");

        // Before the breach, payments' invariants hold. Only payments' are required to: this system is shared with
        // tests that leave forged rows and dead letters elsewhere, so whole-system convergence is not this test's to ask.
        var clean = await Eventually.ValueAsync(system.CheckConvergenceAsync,
            report => report.Of("payments").Invariants is { } checks && checks.All(check => (check.Breaches, check.Error) == (0L, null)),
            TimeSpan.FromMinutes(2));
        Assert.Equal(
            [OneCapturedPayment, "every placed order has a payment attempt", "no cancelled order keeps captured money"],
            clean.Of("payments").Invariants!.Select(check => check.Invariant));
        Assert.Equal(
            ["every courier on duty has an active courier account", "every paid order has a delivery", "no cancelled order has a delivery waiting to be picked up"],
            clean.Of("delivery").Invariants!.Select(check => check.Invariant));
        Assert.Equal(3, clean.Of("orders").Invariants!.Count);
        Assert.All(clean.Services.SelectMany(service => service.Invariants ?? []), check => Assert.Null(check.Error));

        // payments' own database login, from outside, refunds the captured payment behind the reaction's back.
        await SetPaymentStatusAsync(orderId, from: "Captured", to: "Refunded");
        try
        {
            var broken = await system.CheckConvergenceAsync();
            var breach = broken.Of("payments").Of(OneCapturedPayment);
            Assert.Equal((1L, (string?)null), (breach.Breaches, breach.Error));
            Assert.Equal([orderId], breach.Examples);
            Assert.False(broken.Of("payments").Converged);

            // The dashboard's Markdown lists the breach under its invariant.
            var markdown = await Eventually.ValueAsync(() => system.CommandAsync("payments", "check-convergence"), answer => answer.Success);
            Assert.Contains($"| {OneCapturedPayment} | 1 | {orderId} |", markdown.Data!.Value);
            Assert.Contains("| every placed order has a payment attempt | 0 | ✓ |", markdown.Data.Value);
        }
        finally
        {
            await SetPaymentStatusAsync(orderId, from: "Refunded", to: "Captured");
        }
        var after = await system.CheckConvergenceAsync();
        Assert.Equal((0L, (string?)null), (after.Of("payments").Of(OneCapturedPayment).Breaches, after.Of("payments").Of(OneCapturedPayment).Error));
    }

    async Task SetPaymentStatusAsync(Guid orderId, string from, string to)
    {
        // The connection string the AppHost gives payments: its own login, over verified TLS.
        var environment = await system.EnvironmentOfAsync("payments");
        await using var connection = new NpgsqlConnection(environment["ConnectionStrings__paymentsdb"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE payments SET status = $1 WHERE order_id = $2 AND status = $3", connection);
        command.Parameters.AddWithValue(to);
        command.Parameters.AddWithValue(orderId);
        command.Parameters.AddWithValue(from);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
