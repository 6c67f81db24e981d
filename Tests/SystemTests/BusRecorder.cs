using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Everything the change exchange carries while it is open: a private, server-named queue bound to
/// the fanout exchange, as any new consumer would be. For assertions about what travels on the bus.
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

    public static async Task<BusRecorder> StartAsync(AppHostSystem system, string broker = "messaging")
    {
        var factory = new ConnectionFactory { Uri = new Uri((await system.App.GetConnectionStringAsync(broker))!) };
        var connection = await factory.CreateConnectionAsync("system-tests-recorder");
        var channel = await connection.CreateChannelAsync();
        // Exclusive and auto-deleted: it vanishes with the recorder and never outlives the test.
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, RawBroker.Exchange, "");
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
