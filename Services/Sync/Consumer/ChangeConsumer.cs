using System.Diagnostics;
using System.Threading.Channels;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Startup;
using FoodDelivery.Sync.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// Consumes this service's queue with manual acknowledgements and bounded prefetch, and keeps
/// doing so: when its channel closes for any reason (broker restart, connection force-closed,
/// consumer timeout) it waits for the connection and attaches a fresh channel and consumer.
/// Connection recovery is the client's; re-attaching consumers is ours, so it can be seen in
/// health and metrics instead of failing silently.
/// On shutdown it drains (<see cref="DrainingService"/>): the broker is told to stop delivering (basic.cancel), and
/// what has arrived is applied and acknowledged before the channel closes, so a rolling restart sends nothing back to
/// the queue that was already applied; only what the host's shutdown timeout cuts off is delivered again (and the inbox
/// skips it if it was applied).
/// </summary>
internal sealed partial class ChangeConsumer<TDb>(
    BrokerConnection broker,
    SyncTopology topology,
    ChangeProcessor<TDb> processor,
    PublisherProvenance provenances,
    SyncOptions options,
    SyncStatus status,
    SyncMetrics metrics,
    TimeProvider time,
    ILogger<ChangeConsumer<TDb>> logger) : DrainingService
    where TDb : SyncDbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = new RetryDelay(options.MaxRetryDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            IChannel? channel = null;
            Channel<ReceivedChange>? received = null;
            Task[] appliers = [];
            string? consumerTag = null;
            var unregistered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                var connection = await broker.GetAsync(stoppingToken);
                // One dispatcher only copies deliveries into the run queue; the appliers do the work.
                channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false,
                        consumerDispatchConcurrency: 1), stoppingToken);
                var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                channel.ChannelShutdownAsync += (_, args) =>
                {
                    closed.TrySetResult($"{args.Initiator}: {args.ReplyCode} {args.ReplyText}");
                    return Task.CompletedTask;
                };

                // The infrastructure declares the queue and its bindings; a missing one is said in health.
                await topology.VerifyAsync(connection, stoppingToken);
                await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: options.Prefetch, global: false, stoppingToken);
                var attached = channel;
                // Unbounded is bounded by the prefetch: the broker sends no more than that unacknowledged.
                var queue = received = Channel.CreateUnbounded<ReceivedChange>(new UnboundedChannelOptions { SingleWriter = true });
                // Not the stopping token: on shutdown the appliers finish what arrived, until the host's deadline.
                appliers = Enumerable.Range(0, options.ConsumerConcurrency)
                    .Select(_ => ApplyReceivedAsync(attached, queue, reason => closed.TrySetResult(reason), DrainDeadline))
                    .ToArray();
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += (_, delivery) =>
                {
                    // Copied out now: the client reuses the delivery's buffers once this returns.
                    status.Received(time.GetUtcNow());
                    queue.Writer.TryWrite(new ReceivedChange(delivery.DeliveryTag,
                        ChangeDelivery.From(delivery.Exchange, delivery.BasicProperties, delivery.Body) with { RoutingKey = delivery.RoutingKey }));
                    return Task.CompletedTask;
                };
                // The broker cancels a consumer whose queue was deleted and leaves the channel open: re-attach
                // (and say what is missing) rather than wait on a channel that will never deliver again.
                consumer.UnregisteredAsync += (_, _) =>
                {
                    // Dispatched after every delivery that came before the cancel: nothing more arrives for this consumer.
                    unregistered.TrySetResult();
                    closed.TrySetResult("the broker cancelled the consumer");
                    return Task.CompletedTask;
                };
                consumerTag = await channel.BasicConsumeAsync(topology.Queue, autoAck: false, consumer, stoppingToken);

                status.Progressed(time.GetUtcNow());
                metrics.ConsumerAttached();
                LogAttached(topology.Queue);
                delay.Reset();

                var reason = await closed.Task.WaitAsync(stoppingToken);
                status.Detached();
                LogDetached(topology.Queue, reason);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                status.Detached();
                LogAttachFailed(topology.Queue, ex.GetType().Name, ex.Message);
            }
            finally
            {
                if (stoppingToken.IsCancellationRequested && channel is { IsOpen: true } && consumerTag is not null)
                {
                    await StopDeliveriesAsync(channel, consumerTag, unregistered.Task);
                }
                // Shutting down, the appliers apply and acknowledge everything that arrived. Otherwise what is still
                // queued belongs to the closed channel: the broker delivers it again. The appliers finish their
                // current run first (its acknowledgements fail quietly on a closed channel).
                received?.Writer.TryComplete();
                await Task.WhenAll(appliers);
                status.ReleasedAll();
                // Disposing also stops the client from "recovering" this channel behind our back.
                if (channel is not null)
                {
                    await channel.DisposeQuietlyAsync();
                }
            }
            try
            {
                await Task.Delay(delay.Next(), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        status.Detached();
    }

    /// <summary>
    /// Cancels the consumer and waits until the client has dispatched every delivery that came before the
    /// cancel-ok, so all of them are in the run queue when it is completed. Given up at the drain deadline: what
    /// is unacknowledged then, the broker delivers again.
    /// </summary>
    async Task StopDeliveriesAsync(IChannel channel, string consumerTag, Task unregistered)
    {
        try
        {
            await channel.BasicCancelAsync(consumerTag, noWait: false, DrainDeadline);
            await unregistered.WaitAsync(DrainDeadline);
            LogDraining(topology.Queue);
        }
        catch (Exception ex)
        {
            LogDrainCutShort(topology.Queue, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>
    /// Takes whatever has arrived (up to <see cref="SyncOptions.ApplyBatchSize"/>) as one run and applies it:
    /// under load, runs grow and share a transaction; when quiet, each delivery is applied as it comes.
    /// </summary>
    async Task ApplyReceivedAsync(IChannel channel, Channel<ReceivedChange> queue, Action<string> detach, CancellationToken ct)
    {
        var reader = queue.Reader;
        var run = new List<ReceivedChange>(options.ApplyBatchSize);
        try
        {
            // Once the channel has closed, what is still queued will be delivered again on the next one: leave it.
            while (await reader.WaitToReadAsync(ct) && channel.IsOpen)
            {
                run.Clear();
                while (run.Count < options.ApplyBatchSize && reader.TryRead(out var next))
                {
                    run.Add(next);
                }
                if (run.Count > 0)
                {
                    await HandleAsync(channel, queue.Writer, run, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host's shutdown deadline passed mid-drain: what is unacknowledged, the broker delivers again.
        }
        catch (Exception ex)
        {
            // The run could not be settled (the channel closed under it, or its dead-lettering failed): leave it
            // unacknowledged and re-attach, so the broker delivers it again rather than this applier going quiet.
            detach($"a run of {run.Count} could not be settled: {ex.GetType().Name}: {ex.Message}");
        }
    }

    async Task HandleAsync(IChannel channel, ChannelWriter<ReceivedChange> requeue, List<ReceivedChange> run, CancellationToken ct)
    {
        var activities = new Activity?[run.Count];
        for (var index = 0; index < run.Count; index++)
        {
            var change = run[index].Change;
            // A malformed delivery's headers are not read for its trace context either: it is refused as it came.
            var activity = activities[index] = SyncActivities.StartProcess(change.Exchange, change.RoutingKey, topology.Queue, run[index].DeliveryTag,
                change.MessageId ?? "", change.Type, change.Malformed is null ? AmqpHeaders.Of(change.Properties) : null, broker.Endpoint);
            if (activity is not null)
            {
                // The inbox records the trace its span is in (the header's, or a new one when the header had none).
                run[index] = run[index] with { Change = change with { TraceId = activity.TraceId.ToHexString() } };
            }
        }
        // The run's database work is traced under its first delivery's span.
        Activity.Current = activities[0];
        try
        {
            var verdicts = run.Count == 1
                ? [await processor.ProcessAsync(run[0].Change, ct)]
                : await processor.ProcessAllAsync(run.Select(item => item.Change).ToList(), ct);
            for (var index = 0; index < run.Count; index++)
            {
                if (verdicts[index].ParkedBecause is not null)
                {
                    Park(requeue, run[index], ct);
                    continue;
                }
                await SettleAsync(channel, run[index], verdicts[index], activities[index], ct);
            }
        }
        finally
        {
            for (var index = activities.Length - 1; index >= 0; index--)
            {
                activities[index]?.Dispose();
            }
        }
    }

    async Task SettleAsync(IChannel channel, ReceivedChange received, DeliveryVerdict verdict, Activity? activity, CancellationToken ct)
    {
        var change = received.Change;
        if (verdict.DeadLetterReason is { } reason)
        {
            await DeadLetterAsync(change, reason, ct);
            LogDeadLettered(change.Type, change.MessageId, reason);
            SyncActivities.DeadLettered(activity, verdict.Outcome == ChangeOutcome.Unauthorised ? DeliveryVerdict.UnauthorisedPublisher
                : change.Malformed is not null ? "malformed-delivery" : "refused-change", reason);
        }
        // After the commit: if this ack is lost, the redelivery is a duplicate the inbox skips.
        await channel.BasicAckAsync(received.DeliveryTag, multiple: false, ct);
        status.Settled(time.GetUtcNow());

        // The type is the publisher's to choose: only the catalogue's names become metric labels, so a flood of made-up
        // types cannot grow the metrics without bound.
        var eventType = change.Type is { } type && ServiceCatalogue.OwnerOf(type) is not null ? type : "other";
        metrics.Consumed(topology.Queue, eventType, verdict.Outcome);
        activity?.SetTag(SyncSpanAttributes.Outcome, verdict.Outcome.RecordedName())
            // Which cluster's owner published it, as the exchange says: with two clusters, a trace shows where a change came from.
            .SetTag(SyncSpanAttributes.OriginCluster, provenances.Of(change.Exchange, change.ReceivedFrom)?.Cluster);
        if (verdict.Outcome == ChangeOutcome.Applied && change.CommittedAt is { } committedAt)
        {
            metrics.Lag(eventType, time.GetUtcNow() - committedAt);
        }
    }

    /// <summary>
    /// Puts a delivery whose entity is contended aside, unacknowledged, and back into the run queue after a pause that
    /// grows each time (up to <see cref="SyncOptions.MaxRetryDelay"/>): the appliers go on with the other entities
    /// meanwhile instead of all waiting on one lock. Should the channel close first, the broker delivers it again.
    /// </summary>
    void Park(ChannelWriter<ReceivedChange> requeue, ReceivedChange received, CancellationToken ct)
    {
        var pause = ParkingPause(received.Parked, options.MaxRetryDelay);
        _ = Task.Delay(pause, time, ct).ContinueWith(
            _ => requeue.TryWrite(received with { Parked = received.Parked + 1 }),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>200 ms, doubled for each earlier parking, capped, with jitter so parked deliveries do not return together.</summary>
    static TimeSpan ParkingPause(int parkedBefore, TimeSpan maximum)
    {
        var pause = TimeSpan.FromMilliseconds(200 * Math.Pow(2, Math.Min(parkedBefore, 16)));
        return (pause < maximum ? pause : maximum) * (0.75 + Random.Shared.NextDouble() * 0.5);
    }

    /// <summary>
    /// Publishes the message, untouched but for the reason headers, to this service's dead-letter
    /// queue (confirmed) before the original is acknowledged: the broker's own dead-lettering
    /// cannot carry a reason. It records the exchange the message really arrived through (whatever
    /// the sender wrote in that header), so a replay is judged by its true publisher.
    /// </summary>
    async Task DeadLetterAsync(ChangeDelivery change, string reason, CancellationToken ct)
    {
        var publisher = await broker.GetPublisherAsync(ct);
        var letter = ResendableMessage.Of(change.Properties, (await broker.GetAsync(ct)).FrameMax);
        var headers = letter.Headers!;
        headers[ChangeHeaders.DeadLetterReason] = reason;
        headers[ChangeHeaders.DeadLetteredBy] = options.ServiceName;
        headers[ChangeHeaders.ReceivedFrom] = provenances.FirstArrival(change.Exchange, change.ReceivedFrom) ?? change.Exchange;
        // The broker's x-death records only its own dead-lettering; this is when the engine first refused it. Only a
        // replay (through this service's own replay exchange) keeps an earlier time: a sender's header is not believed.
        if (change.Exchange != topology.ReplayExchange || !headers.TryGetValue(ChangeHeaders.DeadLetteredAt, out var diedAt) || AmqpHeaders.Number(diedAt) is null)
        {
            headers[ChangeHeaders.DeadLetteredAt] = time.GetUtcNow().ToUnixTimeMilliseconds();
        }
        await publisher.BasicPublishAsync(topology.DeadLetterExchange, BrokerNames.EngineDeadLetterKey, mandatory: false, letter, change.Body, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue}.")]
    partial void LogAttached(string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped consuming {Queue}; applying and acknowledging what arrived before stopping.")]
    partial void LogDraining(string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not stop consuming {Queue} cleanly ({Error}: {Reason}); what is unacknowledged is delivered again.")]
    partial void LogDrainCutShort(string queue, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The consumer of {Queue} was detached ({Reason}); re-attaching.")]
    partial void LogDetached(string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not attach a consumer to {Queue} ({Error}: {Reason}); retrying.")]
    partial void LogAttachFailed(string queue, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered {Type} {MessageId}: {Reason}")]
    partial void LogDeadLettered(string? type, string? messageId, string reason);
}
