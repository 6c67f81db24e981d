using System.Diagnostics;
using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// Publishes pending outbox rows in sequence order to this service's owner exchange, each confirmed by the
/// broker before its row is marked sent. Woken right after a commit, and polls as well so nothing
/// stays behind. A transaction-scoped advisory lock makes two replicas of a service take turns
/// instead of publishing the same rows twice or out of order. A crash between publish and mark
/// re-sends the row, which consumers drop as a duplicate: never lost, never applied twice.
/// </summary>
public sealed partial class OutboxRelay<TDb>(
    IServiceProvider services,
    OutboxSignal signal,
    BrokerConnection broker,
    SyncTopology topology,
    SyncOptions options,
    SyncMetrics metrics,
    TimeProvider time,
    ILogger<OutboxRelay<TDb>> logger) : BackgroundService
    where TDb : SyncDbContext
{
    // Any fixed number works: it only has to be the same in every replica of this service.
    const long RelayLockKey = 0x5359_4E43_5245_4C41; // "SYNCRELA"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = new RetryDelay(options.MaxRetryDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishBatchAsync(stoppingToken) == options.RelayBatchSize)
                {
                    // A full batch: there may be more right behind it.
                }
                delay.Reset();
                await signal.WaitAsync(options.RelayPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The rows stay pending: the next attempt publishes them.
                LogRelayFailed(ex.GetType().Name, ex.Message);
                await Task.Delay(delay.Next(), stoppingToken);
            }
        }
    }

    async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            // The mark-sent commit need not wait for its WAL flush: if the server crashes before the flush, the
            // rows are pending again and published again, and consumers drop the duplicates. The owner's own
            // writes stay synchronous; this saves one disk flush per batch on the path every event takes.
            var ourTurn = await db.Database
                .SqlQuery<bool>($"SELECT set_config('synchronous_commit', 'off', true) = 'off' AND pg_try_advisory_xact_lock({RelayLockKey}) AS \"Value\"")
                .SingleAsync(token);
            if (!ourTurn)
            {
                return 0;
            }

            var pending = await db.Outbox.AsNoTracking()
                .Where(message => message.SentAt == null)
                .OrderBy(message => message.Sequence)
                .Take(options.RelayBatchSize)
                .ToListAsync(token);
            if (pending.Count == 0)
            {
                return 0;
            }

            var channel = await broker.GetPublisherAsync(token);
            // Pipelined: every publish of the batch is sent (in call order) before the first
            // confirm is awaited; rows are marked sent only once all of them are confirmed.
            var confirms = new List<Task>(pending.Count);
            foreach (var message in pending)
            {
                confirms.Add(PublishAsync(channel, message, token));
            }
            await Task.WhenAll(confirms);

            var sequences = pending.Select(message => message.Sequence).ToList();
            var sentAt = time.GetUtcNow();
            await db.Outbox
                .Where(message => sequences.Contains(message.Sequence))
                .ExecuteUpdateAsync(update => update.SetProperty(message => message.SentAt, sentAt), token);
            await transaction.CommitAsync(token);
            return pending.Count;
        }, ct);
    }

    async Task PublishAsync(IChannel channel, OutboxMessage message, CancellationToken ct)
    {
        var messageId = message.MessageId.ToString();
        var caller = Activity.Current;
        using var activity = SyncActivities.StartPublish(topology.Exchange, messageId, message.Type, message.TraceParent, message.TraceState);
        var headers = new Dictionary<string, object?>
        {
            [ChangeHeaders.CommittedAt] = message.CommittedAt.ToUnixTimeMilliseconds(),
            [ChangeHeaders.AggregateId] = message.AggregateId.ToString(),
            [ChangeHeaders.Version] = message.Version,
            // Only entities homed here are ever written here, so this cluster is their origin. Consumers read
            // the origin from the exchange and refuse a message whose header says otherwise.
            [ChangeHeaders.OriginCluster] = options.Cluster,
        };
        SyncActivities.Inject(headers, activity, message.TraceParent, message.TraceState);
        var properties = new BasicProperties
        {
            MessageId = messageId,
            Type = message.Type,
            ContentType = "application/json",
            AppId = options.ServiceName,
            Timestamp = new AmqpTimestamp(message.CommittedAt.ToUnixTimeSeconds()),
            DeliveryMode = DeliveryModes.Persistent,
            Headers = headers,
        };
        // With confirmation tracking on, this completes only once the broker has confirmed the message.
        var confirmed = channel.BasicPublishAsync(topology.Exchange, routingKey: "", mandatory: false, properties,
            System.Text.Encoding.UTF8.GetBytes(message.Payload), ct);
        // The next publish of the batch starts from the relay's context, not inside this span.
        Activity.Current = caller;
        await confirmed;
        metrics.Published(topology.Exchange, message.Type);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox relay could not publish ({Error}: {Reason}); the rows stay pending and will be retried.")]
    partial void LogRelayFailed(string error, string reason);
}
