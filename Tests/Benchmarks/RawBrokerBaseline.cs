using FoodDelivery.Contracts;
using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// The broker without the engine: the same RabbitMQ, a fanout exchange with durable quorum queues
/// declared like the services' (delivery limit, at-least-once dead-lettering, reject-publish), one
/// publisher with confirms and one consumer per queue acking each delivery, persistent JSON bodies
/// taken from a real published event and the engine's headers. How many queues and which prefetch
/// is its <see cref="RawTopology"/>: the same as the measured event type's by default. Its own
/// exchange and queues, removed afterwards, so the services never see these messages.
/// </summary>
public sealed class RawBrokerBaseline : IAsyncDisposable
{
    const string SentHeader = "bench-sent";
    const string RunHeader = "bench-run";

    /// <summary>Publishes awaiting their confirm at once when publishing flat out.</summary>
    const int ConfirmWindow = 256;

    readonly IConnection publisherConnection;
    readonly IConnection consumerConnection;
    readonly IChannel publisher;
    readonly List<IChannel> consumers = [];
    readonly byte[] body;
    readonly Dictionary<string, object?> engineHeaders;
    RunTracker? current;

    RawBrokerBaseline(IConnection publisherConnection, IConnection consumerConnection, IChannel publisher, byte[] body, RawTopology topology)
    {
        Topology = topology;
        this.publisherConnection = publisherConnection;
        this.consumerConnection = consumerConnection;
        this.publisher = publisher;
        this.body = body;
        // The same headers the relay writes, so frames are the same size.
        engineHeaders = new Dictionary<string, object?>
        {
            ["fd-committed-at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["fd-aggregate-id"] = Guid.NewGuid().ToString(),
            ["fd-version"] = 1L,
            ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
    }

    public int MessageBytes => body.Length;

    public RawTopology Topology { get; }

    // Each topology has its own exchange and queues, so two baselines can exist side by side.
    string Exchange => $"bench.raw.{Topology.Name}.changes";

    string DeadLetterExchange => $"bench.raw.{Topology.Name}.dead-letters";

    public static async Task<RawBrokerBaseline> StartAsync(string connectionString, string samplePayload, RawTopology topology)
    {
        var broker = BrokerUri.Parse(connectionString);
        var factory = new ConnectionFactory { Uri = broker.Uri };
        factory.Ssl.CertificateValidationCallback = broker.VerifyServer;
        var publisherConnection = await factory.CreateConnectionAsync($"benchmark-raw-{topology.Name}-publisher");
        var consumerConnection = await factory.CreateConnectionAsync($"benchmark-raw-{topology.Name}-consumers");
        var publisher = await publisherConnection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var baseline = new RawBrokerBaseline(publisherConnection, consumerConnection, publisher, Encoding.UTF8.GetBytes(samplePayload), topology);
        await baseline.DeclareAsync();
        return baseline;
    }

    async Task DeclareAsync()
    {
        await publisher.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await publisher.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Direct, durable: true, autoDelete: false);
        for (var index = 0; index < Topology.Queues; index++)
        {
            var queue = Queue(index);
            await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?>
                {
                    ["x-queue-type"] = "quorum",
                    ["x-delivery-limit"] = 10,
                    ["x-dead-letter-exchange"] = DeadLetterExchange,
                    ["x-dead-letter-routing-key"] = queue,
                    ["x-dead-letter-strategy"] = "at-least-once",
                    ["x-overflow"] = "reject-publish",
                });
            await publisher.QueueBindAsync(queue, Exchange, routingKey: "");

            var channel = await consumerConnection.CreateChannelAsync();
            await channel.BasicQosAsync(0, Topology.Prefetch, global: false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            var consumerIndex = index;
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                var received = Stopwatch.GetTimestamp();
                current?.Record(consumerIndex, delivery.BasicProperties.Headers, received);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
            consumers.Add(channel);
        }
    }

    string Queue(int index) => $"bench.raw.{Topology.Name}.{index + 1}";

    /// <summary>
    /// Publishes <paramref name="messages"/> at <paramref name="ratePerSecond"/> (zero: as fast as
    /// confirms come back, <see cref="ConfirmWindow"/> outstanding) and waits for every consumer.
    /// At a rate, messages are due at the <paramref name="arrivals"/>' times (Poisson by default, as the
    /// system's lag runs) and each latency counts from when its message was due, not from when it went out.
    /// </summary>
    public async Task<RawRun> RunAsync(int messages, double ratePerSecond, Arrivals? arrivals = null)
    {
        var tracker = new RunTracker(Guid.NewGuid().ToString("N"), messages, consumers.Count);
        current = tracker;
        using var window = new SemaphoreSlim(ConfirmWindow);
        var confirms = new List<Task>(messages);
        var clock = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        var dueTimes = ratePerSecond > 0 ? (arrivals ?? Arrivals.Poisson).DueTimes(messages, ratePerSecond) : null;
        for (var i = 0; i < messages; i++)
        {
            var dueAt = Stopwatch.GetTimestamp();
            if (dueTimes is not null)
            {
                var due = dueTimes[i];
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }
                dueAt = started + (long)(due.TotalSeconds * Stopwatch.Frequency);
            }
            await window.WaitAsync();
            confirms.Add(PublishAsync(tracker.RunId, window, dueAt));
        }
        await Task.WhenAll(confirms);
        var published = clock.Elapsed.TotalSeconds;
        await tracker.AllDelivered.WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);
        current = null;
        var delivered = Stopwatch.GetElapsedTime(started, tracker.LastReceived).TotalSeconds;
        return new RawRun(messages, ratePerSecond, messages / published, messages / delivered,
            tracker.Deliveries, messages * consumers.Count, Percentiles.Of(tracker.LatenciesMs()), Topology.Description);
    }

    async Task PublishAsync(string runId, SemaphoreSlim window, long dueAt)
    {
        try
        {
            var properties = new BasicProperties
            {
                MessageId = Guid.CreateVersion7().ToString(),
                Type = "RestaurantChanged",
                ContentType = "application/json",
                AppId = "benchmark",
                Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
                DeliveryMode = DeliveryModes.Persistent,
                Headers = new Dictionary<string, object?>(engineHeaders)
                {
                    [RunHeader] = runId,
                    [SentHeader] = dueAt,
                },
            };
            // With confirmation tracking on, this completes once the broker has confirmed the message.
            await publisher.BasicPublishAsync(Exchange, routingKey: "", mandatory: false, properties, body);
        }
        finally
        {
            window.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in consumers)
        {
            await channel.CloseAsync();
            channel.Dispose();
        }
        for (var index = 0; index < consumers.Count; index++)
        {
            await publisher.QueueDeleteAsync(Queue(index));
        }
        await publisher.ExchangeDeleteAsync(Exchange);
        await publisher.ExchangeDeleteAsync(DeadLetterExchange);
        await publisher.CloseAsync();
        publisher.Dispose();
        await consumerConnection.CloseAsync();
        await publisherConnection.CloseAsync();
        consumerConnection.Dispose();
        publisherConnection.Dispose();
    }

    /// <summary>Deliveries of one run, per consumer; messages of an earlier run are ignored.</summary>
    sealed class RunTracker(string runId, int messages, int consumerCount)
    {
        readonly List<double>[] latencies = Enumerable.Range(0, consumerCount).Select(_ => new List<double>(messages)).ToArray();
        readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int deliveries;
        long lastReceived;

        public string RunId { get; } = runId;

        public Task AllDelivered => done.Task;

        public int Deliveries => Volatile.Read(ref deliveries);

        public long LastReceived => Interlocked.Read(ref lastReceived);

        public void Record(int consumer, IDictionary<string, object?>? headers, long received)
        {
            if (headers is null || !headers.TryGetValue(RunHeader, out var run) || run is not byte[] id
                || Encoding.UTF8.GetString(id) != RunId || headers[SentHeader] is not long sent)
            {
                return;
            }
            // One consumer's callbacks never overlap (dispatch concurrency 1), so its list needs no lock.
            latencies[consumer].Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
            long seen;
            while ((seen = Interlocked.Read(ref lastReceived)) < received
                && Interlocked.CompareExchange(ref lastReceived, received, seen) != seen)
            {
                // Another consumer moved it meanwhile: compare again.
            }
            if (Interlocked.Increment(ref deliveries) == messages * consumerCount)
            {
                done.TrySetResult();
            }
        }

        public List<double> LatenciesMs() => latencies.SelectMany(list => list).ToList();
    }
}
