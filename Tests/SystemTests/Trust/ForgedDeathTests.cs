using System.Text.Json;
using FoodDelivery.Contracts;
using RabbitMQ.Client;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A replay believes no <c>x-death</c> a publisher wrote: RabbitMQ 3.x keeps a publisher's <c>x-death</c> on a message the
/// broker dead-letters itself, so on 3.x such a letter has no known origin and its replay is refused as unauthorised.
/// On a broker of its own (<see cref="FreshBrokerSystem"/>): it needs the broker's own dead-lettering.
/// </summary>
[Collection(nameof(FreshBrokerSystem))]
public sealed class ForgedDeathTests(FreshBrokerSystem system)
{
    [Fact]
    public async Task A_broker_dead_letter_whose_publisher_forged_x_death_is_not_replayed_as_another_owners_event()
    {
        // RabbitMQ 3.x keeps an x-death header its publisher wrote, and when it dead-letters the message itself it adds to
        // the entry for the same queue and reason, keeping that entry's exchange. Menu forges the payment that would make an
        // order Paid, with an x-death saying it expired in orders' queue after coming through payments' exchange, and lets
        // it expire (per-message TTL) while orders is down: the broker dead-letters it, orders' consumer never sees it.
        var forgery = (Id: Guid.NewGuid(), MessageId: Guid.NewGuid().ToString(), Type: nameof(PaymentChanged));
        using var management = await BrokerManagement.ConnectAsync(system);
        var waiting = await management.MessagesAsync(BrokerNames.DeadLetterQueue("orders"));
        // A quorum queue expires a message only at its head: let orders take what its queue holds before it stops.
        await Eventually.ValueAsync(() => management.MessagesAsync(BrokerNames.Queue("orders")), count => count == 0);
        await system.StopAsync("orders");
        var started = false;
        try
        {
            await using (var menu = await RawBroker.ConnectAsync(system, "menu"))
            {
                await menu.PublishToAsync(BrokerNames.OwnerExchange("menu"), "", forgery.Type, Payment(forgery.Id), forgery.MessageId, "payments",
                    ForgedDeath(BrokerNames.OwnerExchange("payments"), new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds())), expiration: "0");
            }
            await Eventually.ValueAsync(() => management.MessagesAsync(BrokerNames.DeadLetterQueue("orders")), count => count > waiting,
                TimeSpan.FromMinutes(2));
            // Started, not waited for healthy: with a dead letter waiting, orders is Degraded.
            var start = await system.CommandAsync("orders", KnownResourceCommands.StartCommand);
            Assert.True(start.Success, start.Message);
            started = true;
        }
        finally
        {
            if (!started)
            {
                // The collection's other tests need orders running, whatever happened here.
                await system.CommandAsync("orders", KnownResourceCommands.StartCommand);
            }
        }
        using var orders = await system.OperatorClientAsync("orders");
        await Eventually.AssertAsync(async () => Assert.Contains(
            (await orders.GetAsync("/sync/dead-letters?limit=500").ExpectAsync(HttpStatusCode.OK)).EnumerateArray(),
            letter => letter.Text("messageId") == forgery.MessageId), TimeSpan.FromMinutes(2));

        var replay = await system.CommandAsync("orders", "replay-dead-letters");
        Assert.True(replay.Success, replay.Message);

        await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);
        var (letter, rows) = await Eventually.ValueAsync(async () =>
            ((await inspector.DrainAsync(BrokerNames.DeadLetterQueue("orders"))).FirstOrDefault(letter => letter.MessageId == forgery.MessageId),
                await PaymentReplicasAsync(forgery.Id)),
            found => found.Item1.MessageId is not null || found.Item2.Count > 0);
        Assert.Empty(rows);
        Assert.StartsWith("unauthorised-publisher: ", RawBroker.Text(letter.Headers["fd-dead-letter-reason"]), StringComparison.Ordinal);

        // A broker dead letter carries whatever its publisher wrote: absurd times in x-death and in the engine's own header
        // do not stop the operator from listing it or peeking at it.
        var absurd = (Id: Guid.NewGuid(), MessageId: Guid.NewGuid().ToString(), Type: nameof(PaymentChanged));
        var headers = ForgedDeath(BrokerNames.OwnerExchange("payments"), new AmqpTimestamp(long.MaxValue));
        headers["fd-dead-lettered-at"] = long.MaxValue;
        await inspector.PublishToAsync(BrokerNames.DeadLetterExchange("orders"), BrokerNames.BrokerDeadLetterKey, absurd.Type, Payment(absurd.Id),
            absurd.MessageId, "payments", headers);
        await Eventually.ValueAsync(async () => (await orders.GetAsync("/sync/dead-letters?limit=500").ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList(),
            letters => letters.Any(listed => listed.Text("messageId") == absurd.MessageId));
        var peeked = await orders.GetAsync($"/sync/dead-letters/{absurd.MessageId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(absurd.Id.ToString(), peeked.Text("body"));
        Assert.Contains(absurd.MessageId, (await inspector.DrainAsync(BrokerNames.DeadLetterQueue("orders"))).Select(drained => drained.MessageId));
    }

    /// <summary>An x-death header as RabbitMQ writes one for a message that expired in orders' queue after coming through <paramref name="exchange"/>.</summary>
    static Dictionary<string, object?> ForgedDeath(string exchange, AmqpTimestamp time) => new()
    {
        ["x-death"] = new List<object?>
        {
            new Dictionary<string, object?>
            {
                ["count"] = 1L, ["exchange"] = exchange, ["queue"] = BrokerNames.Queue("orders"), ["reason"] = "expired",
                ["routing-keys"] = new List<object?> { "" }, ["time"] = time,
            },
        },
    };

    static string Payment(Guid id) => JsonSerializer.Serialize(new
    {
        id, version = 1L, deleted = false, orderId = Guid.NewGuid(), amountMinor = 100L, currency = "EUR", status = "Captured", failureReason = (string?)null,
    });

    async Task<List<Guid>> PaymentReplicasAsync(Guid id)
    {
        await using var connection = await system.OpenDatabaseAsync("ordersdb");
        await using var look = connection.CreateCommand();
        look.CommandText = "SELECT id FROM payment_replicas WHERE id = @id";
        look.Parameters.AddWithValue("id", id);
        var found = new List<Guid>();
        await using var reader = await look.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetGuid(0));
        }
        return found;
    }
}
