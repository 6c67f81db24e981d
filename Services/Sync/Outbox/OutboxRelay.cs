using System.Diagnostics;
using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Startup;
using FoodDelivery.Sync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// Publishes pending outbox rows in sequence order to this service's owner exchange, each confirmed by the
/// broker before its row is marked sent. Woken right after a commit, and polls as well so nothing stays
/// behind. Pipelined: while one batch awaits its confirms and its mark, the next rows are already read and
/// published, so a commit does not wait for the batch before it. One replica of a service leads, by a
/// session-level advisory lock on its own connection (<see cref="RelayDatabase"/>), so two replicas never
/// publish at once or out of order; the others try again at each wake-up (waking the leader when they have
/// committed rows, <see cref="RelayWakeUps"/>) and take over when the leader's session ends. A crash between publish and mark re-sends the row, which consumers drop as a duplicate:
/// never lost, never applied twice. On shutdown (<see cref="DrainingService"/>) it publishes nothing new, waits for the
/// confirms of what it published and marks the confirmed rows before giving up the lead, so a rolling restart re-sends
/// nothing.
/// </summary>
internal sealed partial class OutboxRelay<TDb>(
    IServiceProvider services,
    OutboxSignal signal,
    BrokerConnection broker,
    SyncTopology topology,
    SyncOptions options,
    SyncMetrics metrics,
    TimeProvider time,
    ILogger<OutboxRelay<TDb>> logger) : DrainingService
    where TDb : SyncDbContext
{
    // Enough to keep publishing through a few confirm round trips; the bound keeps a broker that stopped
    // confirming from collecting an unbounded number of unconfirmed messages.
    const int MaxBatchesInFlight = 8;

    // The owner exchanges are fanouts: the key routes nothing.
    const string ChangeRoutingKey = "";

    int failedAttempts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var template = ConnectionTemplate();
        var delay = new RetryDelay(options.MaxRetryDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var database = await RelayDatabase.OpenAsync(template, options.ServiceName, stoppingToken);
                var committedHere = true;
                while (true)
                {
                    if (await database.TryLeadAsync(wakeLeader: committedHere, stoppingToken))
                    {
                        await using var wakeUps = await RelayWakeUps.StartAsync(template, signal, stoppingToken);
                        // Returns only by an exception: the session is then closed and the lock with it.
                        await LeadAsync(database, delay, stoppingToken);
                    }
                    Succeeded(delay);
                    committedHere = await signal.WaitAsync(options.RelayPollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The rows stay pending: the next attempt publishes them. One warning per outage, not per attempt.
                if (failedAttempts++ == 0)
                {
                    LogRelayFailed(ex.GetType().Name, ex.Message);
                }
                else
                {
                    LogRelayStillFailing(failedAttempts, ex.GetType().Name, ex.Message);
                }
                await Task.Delay(delay.Next(), stoppingToken);
            }
        }
    }

    /// <summary>The service's own connection, whose server, database and credentials the relay's session uses.</summary>
    NpgsqlConnection ConnectionTemplate()
    {
        using var scope = services.CreateScope();
        var connection = (NpgsqlConnection)scope.ServiceProvider.GetRequiredService<TDb>().Database.GetDbConnection();
        // A clone keeps the password even where the connection string no longer shows it, and outlives the scope.
        return connection.CloneWith(connection.ConnectionString);
    }

    async Task LeadAsync(RelayDatabase database, RetryDelay delay, CancellationToken ct)
    {
        var inFlight = new Queue<RelayBatch>();
        // Confirmed batches taken off the queue whose marks are not yet written (the statement may be cut short by a stop).
        var unmarked = new List<RelayBatch>();
        try
        {
            // Rows may have waited while another replica led or while we were failing: look at once.
            var look = true;
            var reason = RelayReadReason.Backlog;
            while (true)
            {
                // Marked strictly in order, and only once confirmed: the confirmed batches at the head of the queue.
                var confirmed = unmarked;
                confirmed.Clear();
                while (inFlight.TryPeek(out var oldest) && oldest.Confirmed.IsCompletedSuccessfully)
                {
                    confirmed.Add(inFlight.Dequeue());
                }
                var marks = confirmed.Count > 0 ? SentMarks.Of(confirmed) : null;
                // A failed publish: neither its batch nor any later one is marked, so all of them are sent again, in
                // sequence order.
                var failed = inFlight.TryPeek(out var head) && head.Confirmed.IsCompleted ? head.Confirmed : null;
                if (look && failed is null && inFlight.Count < MaxBatchesInFlight)
                {
                    // The marks ride with the read: one round trip.
                    var pending = await database.ReadPendingAsync(marks, InFlightSequences(inFlight), options.RelayBatchSize, ct);
                    unmarked.Clear();
                    metrics.OutboxRead(reason, found: pending.Count > 0);
                    if (marks is not null)
                    {
                        Succeeded(delay);
                    }
                    if (pending.Count > 0)
                    {
                        inFlight.Enqueue(await PublishAsync(pending, ct));
                    }
                    else if (inFlight.Count == 0)
                    {
                        // Caught up: whatever failed before works again (rows that cannot be published never get here).
                        Succeeded(delay);
                    }
                    // A full batch may have more behind it; a short one leaves nothing until the next commit.
                    look = pending.Count == options.RelayBatchSize;
                    reason = RelayReadReason.Backlog;
                    continue;
                }
                if (marks is not null)
                {
                    await database.MarkSentAsync(marks, ct);
                    unmarked.Clear();
                    Succeeded(delay);
                }
                if (failed is not null)
                {
                    // Throws: the session closes, and the next leader reads the unmarked rows again.
                    await failed;
                }
                var oldestConfirmed = inFlight.TryPeek(out var next) ? next.Confirmed : null;
                if (look && oldestConfirmed is not null)
                {
                    // Rows are waiting but the pipeline is full: make room first (the loop above sees how it went).
                    await Task.WhenAny(oldestConfirmed);
                    continue;
                }
                // Look on a notification or when the poll interval passed; not when only a batch was confirmed.
                var notified = await signal.WaitAsync(options.RelayPollInterval, oldestConfirmed, ct);
                look = notified || oldestConfirmed is not { IsCompleted: true };
                reason = notified ? RelayReadReason.Commit : RelayReadReason.Poll;
            }
        }
        finally
        {
            // Our unconfirmed publishes settle before the session (and so the lock) is given up, so that the
            // next leader's publishes cannot overtake them. Their outcome no longer matters: unmarked, they are
            // sent again.
            await Task.WhenAll(inFlight.Select(batch => batch.Confirmed)).ContinueWith(all => _ = all.Exception, TaskScheduler.Default);
            if (ct.IsCancellationRequested)
            {
                await MarkConfirmedAsync(database, unmarked, inFlight);
            }
        }
    }

    /// <summary>
    /// Stopping: marks what the broker confirmed (in order, up to the first batch it did not), so the next leader does
    /// not send it again. Bounded by the host's shutdown deadline; if the mark fails, the rows are re-sent and the
    /// consumers' inboxes skip them.
    /// </summary>
    async Task MarkConfirmedAsync(RelayDatabase database, List<RelayBatch> unmarked, Queue<RelayBatch> inFlight)
    {
        var confirmed = new List<RelayBatch>(unmarked);
        while (inFlight.TryDequeue(out var batch) && batch.Confirmed.IsCompletedSuccessfully)
        {
            confirmed.Add(batch);
        }
        if (confirmed.Count == 0)
        {
            return;
        }
        try
        {
            await database.MarkSentAsync(SentMarks.Of(confirmed), DrainDeadline);
            LogMarkedOnStop(confirmed.Sum(batch => batch.Sequences.Length));
        }
        catch (Exception ex)
        {
            LogMarkOnStopFailed(confirmed.Sum(batch => batch.Sequences.Length), ex.GetType().Name, ex.Message);
        }
    }

    static long[] InFlightSequences(Queue<RelayBatch> inFlight) =>
        inFlight.Count == 0 ? [] : inFlight.SelectMany(batch => batch.Sequences).ToArray();

    async Task<RelayBatch> PublishAsync(List<OutboxMessage> pending, CancellationToken ct)
    {
        var channel = await broker.GetPublisherAsync(ct);
        // Every publish of the batch is sent (in call order) before any confirm is awaited.
        var confirms = new Task[pending.Count];
        for (var i = 0; i < pending.Count; i++)
        {
            // Not the stopping token: a stop waits for these confirms (until the host's deadline) to mark the rows.
            confirms[i] = PublishAsync(channel, pending[i], DrainDeadline);
        }
        return new RelayBatch(pending.Select(message => message.Sequence).ToArray(), ConfirmedAtAsync(confirms));
    }

    async Task<DateTimeOffset> ConfirmedAtAsync(Task[] confirms)
    {
        await Task.WhenAll(confirms);
        return time.GetUtcNow();
    }

    async Task PublishAsync(IChannel channel, OutboxMessage message, CancellationToken ct)
    {
        var messageId = message.MessageId.ToString();
        var caller = Activity.Current;
        using var activity = SyncActivities.StartPublish(topology.Exchange, ChangeRoutingKey, messageId, message.Type, message.AggregateId,
            message.Version, broker.Endpoint, message.TraceParent, message.TraceState);
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
        var confirmed = channel.BasicPublishAsync(topology.Exchange, ChangeRoutingKey, mandatory: false, properties,
            System.Text.Encoding.UTF8.GetBytes(message.Payload), ct);
        // The next publish of the batch starts from the relay's context, not inside this span.
        Activity.Current = caller;
        await confirmed;
        metrics.Published(topology.Exchange, message.Type);
    }

    void Succeeded(RetryDelay delay)
    {
        if (failedAttempts > 0)
        {
            LogRelayRecovered(failedAttempts);
            failedAttempts = 0;
        }
        delay.Reset();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox relay could not publish ({Error}: {Reason}); the rows stay pending and will be retried.")]
    partial void LogRelayFailed(string error, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The outbox relay still cannot publish after {Attempts} attempts ({Error}: {Reason}).")]
    partial void LogRelayStillFailing(int attempts, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: marked {Rows} confirmed outbox rows sent.")]
    partial void LogMarkedOnStop(int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: could not mark {Rows} confirmed outbox rows sent ({Error}: {Reason}); the next leader sends them again.")]
    partial void LogMarkOnStopFailed(int rows, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The outbox relay publishes again after {Attempts} failed attempts.")]
    partial void LogRelayRecovered(int attempts);
}
