using System.Text;
using FoodDelivery.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Talks to the broker directly as one of its users, as a misbehaving or duplicating publisher with that
/// user's credentials would: the way to inject duplicates, reordering, poison and forged messages. A
/// service's user may write only its own exchanges (the broker refuses the rest); the operator may do
/// anything, and is what tests use to look into queues.
/// </summary>
public sealed class RawBroker : IAsyncDisposable
{
    /// <summary>The broker's administrator: the AppHost's and the tests' own login.</summary>
    public const string Operator = "operator";

    readonly IConnection connection;
    readonly IChannel channel;

    RawBroker(IConnection connection, IChannel channel, string user)
    {
        this.connection = connection;
        this.channel = channel;
        User = user;
    }

    /// <summary>A service name (that service's broker user) or <see cref="Operator"/>.</summary>
    public string User { get; }

    /// <summary>Closed by the broker, e.g. after it refused an operation this user may not do.</summary>
    public bool IsOpen => channel.IsOpen;

    /// <summary>Why the broker closed the channel (403: access refused), or null while it is open.</summary>
    public ushort? CloseReplyCode => channel.CloseReason?.ReplyCode;

    /// <summary>The broker's reply code for access refused.</summary>
    public const ushort AccessRefused = 403;

    /// <summary>
    /// Tries something this user may not be allowed to do and returns why the broker closed the channel
    /// (<see cref="AccessRefused"/>), or null when it stayed open. A refused publish closes the channel
    /// asynchronously, so this waits a few seconds for it.
    /// </summary>
    public async Task<ushort?> RefusalOfAsync(Func<RawBroker, Task> attempt)
    {
        try
        {
            await attempt(this);
            await Eventually.AssertAsync(() =>
            {
                Assert.False(IsOpen);
                return Task.CompletedTask;
            }, TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.OperationInterruptedException or Xunit.Sdk.XunitException
                                   || ex.InnerException is RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // Refused, or the channel did not close: the reply code tells which.
        }
        return CloseReplyCode;
    }

    public async Task BindAsync(string queue, string exchange) => await channel.QueueBindAsync(queue, exchange, "");

    public static async Task<RawBroker> ConnectAsync(AppHostSystem system, string user, string broker = "messaging") =>
        await ConnectAsync(await UriAsync(system, user, broker), user);

    /// <summary>Logs in with the credentials in <paramref name="uri"/> (e.g. ones a federation link holds) as <paramref name="user"/>.</summary>
    public static async Task<RawBroker> ConnectAsync(Uri uri, string user)
    {
        var connection = await Factory(uri).CreateConnectionAsync($"system-tests-{user}");
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new RawBroker(connection, channel, user);
    }

    /// <summary>A connection factory as the services make theirs: over TLS when the URI says <c>amqps</c>, the broker verified by its CA.</summary>
    public static ConnectionFactory Factory(Uri uri)
    {
        var broker = BrokerUri.Parse(uri.AbsoluteUri);
        var factory = new ConnectionFactory { Uri = broker.Uri };
        factory.Ssl.CertificateValidationCallback = broker.VerifyServer;
        return factory;
    }

    /// <summary>The broker's AMQP URI with <paramref name="user"/>'s credentials (a service's come from its secret parameter).</summary>
    public static async Task<Uri> UriAsync(AppHostSystem system, string user, string broker = "messaging")
    {
        var operatorUri = new Uri((await system.App.GetConnectionStringAsync(broker))!);
        return user == Operator
            ? operatorUri
            : new UriBuilder(operatorUri) { UserName = user, Password = await system.ClusterParameterValueAsync(broker, $"messaging-{user}-password") }.Uri;
    }

    /// <summary>As this user's service publishes: to its own owner exchange, with its name as <c>app_id</c>.</summary>
    public Task PublishAsync(string type, string json, string messageId) =>
        PublishToAsync(BrokerNames.OwnerExchange(User), "", type, json, messageId, User);

    /// <summary>Anywhere, with any <c>app_id</c>, headers and per-message TTL (<paramref name="expiration"/>, milliseconds): what a forger would try.</summary>
    public async Task PublishToAsync(
        string exchange, string routingKey, string type, string json, string messageId, string? appId,
        IDictionary<string, object?>? headers = null, string? expiration = null)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId,
            Type = type,
            ContentType = "application/json",
            AppId = appId,
            DeliveryMode = DeliveryModes.Persistent,
            Expiration = expiration,
            Headers = new Dictionary<string, object?>(headers ?? new Dictionary<string, object?>())
            {
                ["fd-committed-at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
        };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>A consumer on <paramref name="queue"/>, cancelled at once: throws when this user may not read it.</summary>
    public async Task ConsumeOnceAsync(string queue) =>
        await channel.BasicCancelAsync(await channel.BasicConsumeAsync(queue, autoAck: false, new AsyncEventingBasicConsumer(channel)));

    public async Task DeclareExchangeAsync(string exchange) =>
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);

    public async Task DeclareQueueAsync(string queue) =>
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);

    /// <summary>A durable queue bound to <paramref name="exchange"/>: unlike a recorder's, it keeps what arrives while nobody is connected, and survives a broker restart.</summary>
    public async Task DeclareBoundQueueAsync(string queue, string exchange)
    {
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, "");
    }

    public async Task DeleteQueueAsync(string queue) => await channel.QueueDeleteAsync(queue);

    /// <summary>
    /// Takes every message waiting in <paramref name="queue"/> without acknowledging it, returning their types and bodies:
    /// the broker keeps them on this channel, away from the queue's own consumer (held, as by a consumer that was down),
    /// until this client is disposed; then they go back to the queue.
    /// </summary>
    public async Task<List<(string? Type, string Body)>> HoldAsync(string queue)
    {
        var held = new List<(string?, string)>();
        while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            held.Add((message.BasicProperties.Type, Encoding.UTF8.GetString(message.Body.Span)));
        }
        return held;
    }

    /// <summary>Takes every message out of a queue (acknowledging it), returning their ids and headers.</summary>
    public async Task<List<(string? MessageId, IDictionary<string, object?> Headers)>> DrainAsync(string queue)
    {
        var taken = new List<(string?, IDictionary<string, object?>)>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            taken.Add((message.BasicProperties.MessageId, message.BasicProperties.Headers ?? new Dictionary<string, object?>()));
        }
        return taken;
    }

    /// <summary>
    /// A header as text. AMQP strings arrive as bytes; arrays and tables (federation's
    /// <c>x-received-from</c>) are written out as <c>[{key=value, ...}]</c>.
    /// </summary>
    public static string Text(object? header) => header switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IDictionary<string, object?> table => "{" + string.Join(", ", table.Select(entry => $"{entry.Key}={Text(entry.Value)}")) + "}",
        System.Collections.IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        _ => header?.ToString() ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
