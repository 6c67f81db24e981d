using FoodDelivery.Contracts;
using FoodDelivery.Sync.Broker;
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
/// health and metrics instead of silently failing (what the original design suffered).
/// </summary>
public sealed partial class ChangeConsumer<TDb>(
    BrokerConnection broker,
    SyncTopology topology,
    ChangeProcessor<TDb> processor,
    PublisherProvenance provenances,
    SyncOptions options,
    SyncStatus status,
    SyncMetrics metrics,
    TimeProvider time,
    ILogger<ChangeConsumer<TDb>> logger) : BackgroundService
    where TDb : SyncDbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = new RetryDelay(options.MaxRetryDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            IChannel? channel = null;
            try
            {
                var connection = await broker.GetAsync(stoppingToken);
                channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false,
                        consumerDispatchConcurrency: options.ConsumerConcurrency), stoppingToken);
                var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                channel.ChannelShutdownAsync += (_, args) =>
                {
                    closed.TrySetResult($"{args.Initiator}: {args.ReplyCode} {args.ReplyText}");
                    return Task.CompletedTask;
                };

                // The infrastructure declares the queue and its bindings; a missing one is said in health.
                await topology.VerifyAsync(connection, stoppingToken);
                await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: options.Prefetch, global: false, stoppingToken);
                var consumer = new AsyncEventingBasicConsumer(channel);
                var attached = channel;
                consumer.ReceivedAsync += (_, delivery) => HandleAsync(attached, delivery, stoppingToken);
                // The broker cancels a consumer whose queue was deleted and leaves the channel open: re-attach
                // (and say what is missing) rather than wait on a channel that will never deliver again.
                consumer.UnregisteredAsync += (_, _) =>
                {
                    closed.TrySetResult("the broker cancelled the consumer");
                    return Task.CompletedTask;
                };
                await channel.BasicConsumeAsync(topology.Queue, autoAck: false, consumer, stoppingToken);

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
                // Disposing also stops the client from "recovering" this channel behind our back.
                if (channel is not null)
                {
                    await channel.DisposeQuietlyAsync();
                }
            }
            await Task.Delay(delay.Next(), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        status.Detached();
    }

    async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        var change = ChangeDelivery.From(delivery.Exchange, delivery.BasicProperties, delivery.Body);
        using var activity = SyncActivities.StartProcess(topology.Queue, change.MessageId ?? "", change.Type,
            SyncActivities.Headers(delivery.BasicProperties));
        DeliveryVerdict verdict;
        try
        {
            verdict = await processor.ProcessAsync(change, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // shutting down: unacknowledged, the broker delivers it again
        }

        if (verdict.DeadLetterReason is { } reason)
        {
            await DeadLetterAsync(change, reason, ct);
            LogDeadLettered(change.Type, change.MessageId, reason);
        }
        // After the commit: if this ack is lost, the redelivery is a duplicate the inbox skips.
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);

        var eventType = change.Type ?? "none";
        metrics.Consumed(topology.Queue, eventType, verdict.Outcome);
        activity?.SetTag("fooddelivery.sync.outcome", verdict.Outcome.ToMetricValue())
            // Which cluster's owner published it, as the exchange says: with two clusters, a trace shows where a change came from.
            .SetTag("fooddelivery.sync.origin_cluster", provenances.Of(change.Exchange, change.ReceivedFrom)?.Cluster);
        if (verdict.Outcome == ChangeOutcome.Applied && change.CommittedAt is { } committedAt)
        {
            metrics.Lag(eventType, time.GetUtcNow() - committedAt);
        }
    }

    /// <summary>
    /// Publishes the message, untouched but for the reason headers, to this service's dead-letter
    /// queue (confirmed) before the original is acknowledged: the broker's own dead-lettering
    /// cannot carry a reason. It records the exchange the message really arrived through (whatever
    /// the sender wrote in that header), so a replay is judged by its true publisher.
    /// </summary>
    async Task DeadLetterAsync(ChangeDelivery change, string reason, CancellationToken ct)
    {
        var headers = new Dictionary<string, object?>(SyncActivities.Headers(change.Properties) ?? new Dictionary<string, object?>())
        {
            [ChangeHeaders.DeadLetterReason] = reason,
            [ChangeHeaders.DeadLetteredBy] = options.ServiceName,
            [ChangeHeaders.ReceivedFrom] = provenances.FirstArrival(change.Exchange, change.ReceivedFrom) ?? change.Exchange,
        };
        var properties = new BasicProperties(change.Properties) { Headers = headers };
        var publisher = await broker.GetPublisherAsync(ct);
        await publisher.BasicPublishAsync(topology.DeadLetterExchange, BrokerNames.EngineDeadLetterKey, mandatory: false, properties, change.Body, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue}.")]
    partial void LogAttached(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The consumer of {Queue} was detached ({Reason}); re-attaching.")]
    partial void LogDetached(string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not attach a consumer to {Queue} ({Error}: {Reason}); retrying.")]
    partial void LogAttachFailed(string queue, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered {Type} {MessageId}: {Reason}")]
    partial void LogDeadLettered(string? type, string? messageId, string reason);
}
