using FoodDelivery.Sync.Broker;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Repair;

/// <summary>
/// Moves this service's dead letters back to its queue (once the cause is fixed), each one
/// confirmed in the queue before it leaves the dead-letter queue. Only the messages present when
/// the replay starts are moved, so a message that fails again is not replayed in a loop.
/// </summary>
public sealed class DeadLetterReplay(BrokerConnection broker, SyncTopology topology)
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
            var headers = letter.BasicProperties.Headers is { } original
                ? new Dictionary<string, object?>(original)
                : [];
            // A fresh failure will say why afresh.
            headers.Remove(ChangeHeaders.DeadLetterReason);
            headers.Remove(ChangeHeaders.DeadLetteredBy);
            var properties = new BasicProperties(letter.BasicProperties) { Headers = headers };
            // The default exchange routes straight to this service's queue, not to every service.
            await channel.BasicPublishAsync("", topology.Queue, mandatory: true, properties, letter.Body, ct);
            await channel.BasicAckAsync(letter.DeliveryTag, multiple: false, ct);
            replayed++;
        }
        return replayed;
    }
}
