using System.Text.Json;
using FoodDelivery.Contracts;
using Npgsql;
using Xunit.Abstractions;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// A take-over without double effects: east charges an order while cut off from west (its charge waits in east's
/// broker), west takes the order over and charges it too, and the link heals. Both charges are the same charge
/// (payments keys it by the order, so both clusters write one ledger row), west's is the one both clusters keep
/// (it was made in the order's new ownership epoch), and what east wrote for the order and its charge before the
/// take-over reached west is refused by west as superseded: dead-lettered with that reason, which an operator reads
/// and discards, after which both clusters' convergence checks are clean. The order's delivery, which each cluster
/// opened when the order was Paid there, is folded the same way (keyed by the order, west's in the later epoch).
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class TakeOverChargeTests(TwoClusterSystem system, ITestOutputHelper output)
{
    /// <summary>The order's first version in west once taken over: the first write of ownership epoch 1.</summary>
    const long TakenOver = (1L << 32) + 1;

    /// <summary>West's services that hold the order or its payment, where east's superseded writes arrive.</summary>
    static readonly string[] OrderHolders = ["orders", "payments", "delivery", "reviews"];

    sealed record LedgerRow(Guid Id, string Status, string HomeCluster, long Version);

    [Fact]
    public async Task An_order_east_charged_while_cut_off_and_west_took_over_is_charged_once_in_both_clusters()
    {
        await system.WaitForFederationAsync();
        var shop = await system.EastCluster.OpenShopAsync(1450);
        var customer = await system.EastCluster.SignUpCustomerAsync();

        // East's payments is behind: the order waits in its queue, work east has not finished when it is cut off.
        await system.StopAsync(Resource(East, "payments"));
        Guid orderId;
        try
        {
            orderId = (await system.EastCluster.PlaceAsync(customer, shop.RestaurantId, shop.Items[0])).Id();
            await system.WestCluster.ReplicaReachesAsync("ordersdb", "orders", orderId, 1);
            await system.WestCluster.ReplicaReachesAsync("paymentsdb", "order_replicas", orderId, 1);
        }
        catch
        {
            await system.StartAsync(Resource(East, "payments"), degradedWillDo: true);
            throw;
        }

        var cut = await LinkCut.CutAsync(system);
        try
        {
            try
            {
                // East finishes what it was doing: it charges the order, and the charge waits in east's broker for west.
                await system.StartAsync(Resource(East, "payments"), degradedWillDo: true);
                await system.EastCluster.OrderReachesAsync(customer, orderId, "Paid");
                Assert.Equal(0, await system.WestCluster.CountAsync("paymentsdb", "payments", "order_id", orderId));

                // East's operator fences the order and its charge for the take-over; west's takes the order over, and west's
                // payments, which never saw east's charge, charges the order placed there.
                await system.FenceForTakeOverAsync(East, "orders");
                await system.FenceForTakeOverAsync(East, "payments");
                await system.FenceForTakeOverAsync(East, "delivery");
                using (var westOrders = await system.WestCluster.OperatorClientAsync("orders"))
                {
                    var moved = await westOrders.PostAsync(SyncRoutes.RehomeEntity(nameof(OrderChanged), orderId), null).ExpectAsync(HttpStatusCode.OK);
                    Assert.Equal(TakenOver, moved.Version());
                }
                await system.WestCluster.OrderReachesAsync(customer, orderId, "Paid");
            }
            finally
            {
                // Healed whatever happened: the collection's next tests need the link.
                await cut.HealAsync();
            }

            // East comes back: its charge, its Paid order and west's take-over cross. One charge, the same row in both
            // clusters: west's, homed there, in the order's new epoch (authorised at its first write, captured at its second).
            var charge = await Eventually.ValueAsync(async () => (East: await LedgerAsync(East, orderId), West: await LedgerAsync(West, orderId)),
                ledgers => ledgers.East.Count == 1 && ledgers.East[0].HomeCluster == West && ledgers.East[0].Version == TakenOver + 1
                           || ledgers.East.Count > 1 || ledgers.West.Count > 1,
                TimeSpan.FromMinutes(3));
            Assert.True(charge.East.Count == 1 && charge.West.Count == 1,
                $"Order {orderId} was charged more than once: east {string.Join("; ", charge.East)}, west {string.Join("; ", charge.West)}");
            Assert.Equal(new LedgerRow(charge.West[0].Id, nameof(PaymentStatus.Captured), West, TakenOver + 1), charge.East[0]);
            Assert.Equal(charge.East[0], charge.West[0]);

            // East's delivery of the order, opened when east's charge made the order Paid there, is west's delivery too (keyed by
            // the order like the charge): one delivery in both clusters, west's, so no east courier delivers an order east no
            // longer homes (east's orders could not move it, and would dead-letter the pickup).
            await Eventually.AssertAsync(async () =>
            {
                var east = await DeliveriesAsync(East, orderId);
                Assert.Equal(await DeliveriesAsync(West, orderId), east);
                Assert.Equal(West, Assert.Single(east).HomeCluster);
            }, TimeSpan.FromMinutes(2));
            var delivery = Assert.Single(await DeliveriesAsync(West, orderId)).Id;

            // What east wrote for the order and its charge before the take-over reached west is refused there, saying why:
            // east's charge (authorised, captured) by west's payments and by orders' replica of it, east's Paid order by
            // the order's copy and every replica of it.
            var refused = await Eventually.ValueAsync(() => SupersededLettersAsync(orderId, charge.West[0].Id, delivery),
                letters => letters.Count(letter => letter.Service == "payments" && letter.Type == nameof(PaymentChanged)) == 2
                           && letters.Count(letter => letter.Service == "orders" && letter.Type == nameof(PaymentChanged)) == 2
                           && OrderHolders.All(service => letters.Any(letter => letter.Service == service && letter.Type == nameof(OrderChanged))),
                TimeSpan.FromMinutes(2));
            output.WriteLine(string.Join('\n', refused.Select(letter => $"{letter.Service}: {letter.Type} v{letter.Version}: {letter.Reason}")));
            Assert.All(refused, letter => Assert.Contains("superseded by west's take-over", letter.Reason, StringComparison.Ordinal));
            Assert.All(refused, letter => Assert.True(letter.Version < TakenOver, $"{letter.Type} v{letter.Version} is not east's"));

            // They changed nothing in west: the order and its charge are west's, as west wrote them.
            Assert.Equal(TakenOver + 1, await system.WestCluster.ColumnAsync<long>("ordersdb", "orders", "version", "id", orderId));
            Assert.Equal(West, await system.WestCluster.ColumnAsync<string>("ordersdb", "orders", "home_cluster", "id", orderId));
            Assert.Equal([charge.West[0]], await LedgerAsync(West, orderId));

            // The operator's step: each is a write of the lost cluster that the take-over superseded; read, then discard
            // (a change the customer still wants is made again in west). Then both clusters converge, dead letters included.
            await Eventually.AssertAsync(async () =>
            {
                await DiscardSupersededAsync(orderId, charge.West[0].Id, delivery);
                var west = await system.WestCluster.CheckConvergenceAsync();
                Assert.True(west.Converged, $"west did not converge:\n{west}");
            }, TimeSpan.FromMinutes(2));
            var (eastElapsed, eastReport) = await system.EastCluster.WaitForConvergenceAsync(TimeSpan.FromMinutes(2));
            Assert.True(eastElapsed is not null, $"east did not converge:\n{eastReport}");
            Assert.Contains(eastReport.Pairs, pair => pair.Owner == "west-payments" && pair.EventType == nameof(PaymentChanged) && pair.Converged);
            Assert.Equal(West, await system.EastCluster.ColumnAsync<string>("ordersdb", "orders", "home_cluster", "id", orderId));
        }
        finally
        {
            await system.LiftFenceAsync(East, "orders");
            await system.LiftFenceAsync(East, "payments");
            await system.LiftFenceAsync(East, "delivery");
        }
    }

    /// <summary>One cluster's payments ledger for the order: every row, own or copy.</summary>
    async Task<List<LedgerRow>> LedgerAsync(string cluster, Guid orderId)
    {
        await using var connection = await system.OpenDatabaseAsync(cluster, "paymentsdb");
        await using var command = new NpgsqlCommand("SELECT id, status, home_cluster, version FROM payments WHERE order_id = $1 ORDER BY id", connection);
        command.Parameters.AddWithValue(orderId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new LedgerRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }
        return rows;
    }

    sealed record DeliveryRow(Guid Id, string HomeCluster, long Version);

    /// <summary>One cluster's deliveries of the order: every row, own or copy.</summary>
    async Task<List<DeliveryRow>> DeliveriesAsync(string cluster, Guid orderId)
    {
        await using var connection = await system.OpenDatabaseAsync(cluster, "deliverydb");
        await using var command = new NpgsqlCommand("SELECT id, home_cluster, version FROM deliveries WHERE order_id = $1 ORDER BY id", connection);
        command.Parameters.AddWithValue(orderId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<DeliveryRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new DeliveryRow(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
        }
        return rows;
    }

    sealed record Letter(string Service, string MessageId, string Type, long Version, string Reason);

    /// <summary>West's dead letters about the order or its charge, in every service that holds either.</summary>
    async Task<List<Letter>> SupersededLettersAsync(Guid orderId, Guid paymentId, Guid deliveryId)
    {
        var letters = new List<Letter>();
        foreach (var service in OrderHolders)
        {
            using var client = await system.WestCluster.OperatorClientAsync(service);
            foreach (var letter in (await client.GetAsync($"{SyncRoutes.DeadLetters}?limit=500").ExpectAsync(HttpStatusCode.OK)).EnumerateArray())
            {
                if (letter.TryGetProperty("aggregateId", out var id) && id.ValueKind == JsonValueKind.String
                    && (id.GetGuid() == orderId || id.GetGuid() == paymentId || id.GetGuid() == deliveryId))
                {
                    letters.Add(new Letter(service, letter.Text("messageId"), letter.Text("type"), letter.Version(), letter.Text("reason")));
                }
            }
        }
        return letters;
    }

    async Task DiscardSupersededAsync(Guid orderId, Guid paymentId, Guid deliveryId)
    {
        foreach (var letter in await SupersededLettersAsync(orderId, paymentId, deliveryId))
        {
            using var client = await system.WestCluster.OperatorClientAsync(letter.Service);
            using var discarded = await client.PostAsJsonAsync(SyncRoutes.DiscardDeadLetter(letter.MessageId),
                new { by = "west's operator", reason = "east's write before west's take-over, superseded by it" });
            Assert.True(discarded.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{(int)discarded.StatusCode}");
        }
    }
}
