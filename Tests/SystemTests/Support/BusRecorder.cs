using System.Collections.Concurrent;
using System.Text;
using FoodDelivery.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Everything the owners' exchanges carry while it is open: a private, server-named queue of the
/// operator's, bound to every owner exchange. For assertions about what travels on the bus.
/// </summary>
public sealed class BusRecorder : IAsyncDisposable
{
    readonly IConnection connection;
    readonly IChannel channel;
    readonly ConcurrentQueue<RecordedMessage> messages = new();

    BusRecorder(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public IReadOnlyCollection<RecordedMessage> Messages => messages;

    /// <summary>With <paramref name="peerCluster"/>, also what the federation link brings from there (its peer exchanges).</summary>
    public static async Task<BusRecorder> StartAsync(AppHostSystem system, string broker = "messaging", string? peerCluster = null)
    {
        var factory = RawBroker.Factory(await RawBroker.UriAsync(system, RawBroker.Operator, broker));
        var connection = await factory.CreateConnectionAsync("system-tests-recorder");
        var channel = await connection.CreateChannelAsync();
        // Exclusive and auto-deleted: it vanishes with the recorder and never outlives the test.
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        foreach (var owner in ServiceCatalogue.Services)
        {
            await channel.QueueBindAsync(queue.QueueName, BrokerNames.OwnerExchange(owner.Name), "");
            if (peerCluster is not null)
            {
                await channel.QueueBindAsync(queue.QueueName, BrokerNames.PeerExchange(peerCluster, owner.Name), "");
            }
        }
        var recorder = new BusRecorder(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var headers = (delivery.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .ToDictionary(header => header.Key, header => RawBroker.Text(header.Value));
            recorder.messages.Enqueue(new RecordedMessage(
                delivery.BasicProperties.Type, delivery.BasicProperties.AppId, Encoding.UTF8.GetString(delivery.Body.Span), headers));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
