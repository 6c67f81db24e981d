using FoodDelivery.Contracts;
using FoodDelivery.Sync.Broker;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Repair;

/// <summary>
/// Moves this service's dead letters back to its queue (once the cause is fixed), each one
/// confirmed in the queue before it leaves the dead-letter queue. Only the messages present when
/// the replay starts are moved, so a message that fails again is not replayed in a loop. They go
/// through this service's replay exchange, which nobody else may write, carrying the exchange
/// each first arrived through: the consumer judges a replayed event by its true publisher, so
/// replaying a forged event dead-letters it again instead of applying it.
/// </summary>
internal sealed class DeadLetterReplay(BrokerConnection broker, SyncTopology topology)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var connection = await broker.GetAsync(ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var waiting = await channel.MessageCountAsync(topology.DeadLetterQueue, ct);

        var replayed = 0;
        while (replayed < waiting && await channel.BasicGetAsync(topology.DeadLetterQueue, autoAck: false, ct) is { } letter)
        {
            await ReplayAsync(channel, letter, ct);
            replayed++;
        }
        return replayed;
    }

    /// <summary>
    /// Sends one dead letter, taken from the dead-letter queue on <paramref name="channel"/> (which has publisher
    /// confirms on), back through the replay exchange, and acknowledges it once the broker has confirmed it.
    /// </summary>
    public async Task ReplayAsync(IChannel channel, BasicGetResult letter, CancellationToken ct)
    {
        var connection = await broker.GetAsync(ct);
        var properties = ResendableMessage.Of(letter.BasicProperties, connection.FrameMax);
        var headers = properties.Headers!;
        // A fresh failure will say why afresh.
        headers.Remove(ChangeHeaders.DeadLetterReason);
        headers.Remove(ChangeHeaders.DeadLetteredBy);
        headers[ChangeHeaders.ReceivedFrom] =
            FirstArrival(letter.RoutingKey, AmqpHeaders.Of(letter.BasicProperties), WritesDeathsAlone(connection), topology.ReplayExchange) ?? "";
        await channel.BasicPublishAsync(topology.ReplayExchange, "", mandatory: true, properties, letter.Body, ct);
        await channel.BasicAckAsync(letter.DeliveryTag, multiple: false, ct);
    }

    /// <summary>
    /// The exchange a dead letter first arrived through, or null when nothing the service or the broker guarantees says.
    /// Only this service's consumer and the broker write to its dead-letter exchange, and the routing key says which:
    /// the consumer's letters carry the exchange in <see cref="ChangeHeaders.ReceivedFrom"/>, which it wrote itself. The
    /// broker's (delivery limit, expiry) carry it in <c>x-death</c>, but only RabbitMQ 4.0 and later write that header
    /// alone: 3.x keeps one its publisher wrote and, dead-lettering the message, adds to the publisher's entry for the same
    /// queue and reason, keeping that entry's exchange. So on 3.x a broker letter's origin is unknown, and its replay is
    /// refused (a resync of its owner brings what it held). When x-death names the replay exchange, the message died
    /// after a replay, which wrote the header that is kept.
    /// </summary>
    public static string? FirstArrival(string routingKey, IReadOnlyDictionary<string, object?>? headers, bool brokerWritesDeathsAlone,
        string replayExchange)
    {
        var recorded = AmqpHeaders.Text(headers, ChangeHeaders.ReceivedFrom);
        if (routingKey == BrokerNames.EngineDeadLetterKey)
        {
            return recorded;
        }
        if (!brokerWritesDeathsAlone)
        {
            return null;
        }
        var died = headers is not null && headers.TryGetValue("x-death", out var deaths) && deaths is IList<object?> { Count: > 0 } list
                   && list[0] is IReadOnlyDictionary<string, object?> newest
            ? AmqpHeaders.Text(newest, "exchange")
            : null;
        return died == replayExchange ? recorded : died;
    }

    /// <summary>Whether the broker strips a publisher's x-death (RabbitMQ 4.0 and later), from the version it announced.</summary>
    public static bool WritesDeathsAlone(IConnection connection) =>
        connection.ServerProperties?.TryGetValue("version", out var version) == true
        && AmqpHeaders.Describe(version) is { } text
        && int.TryParse(text.Split('.')[0], out var major) && major >= 4;
}
