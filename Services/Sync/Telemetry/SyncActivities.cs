using System.Diagnostics;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Broker;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Telemetry;

/// <summary>
/// The engine's spans, named and tagged as the OpenTelemetry messaging conventions for RabbitMQ say
/// (<c>"{operation} {exchange}"</c>, <c>messaging.*</c>, <c>server.*</c>, <see cref="SyncSpanAttributes"/>): a Producer
/// span per publish whose parent is the trace context stored in the outbox row (so a publish minutes later still
/// joins the request's trace), and a Consumer span per delivery continuing the trace from the headers. Both carry
/// the entity's id, version and epoch, so the dashboard's Traces filter finds every trace of one entity. A
/// dead-lettered delivery's span ends with Error status and <c>error.type</c>. Never a message body in a span.
/// </summary>
internal static class SyncActivities
{
    public static readonly ActivitySource Source = new(FoodDelivery.Contracts.SyncTelemetryName.Value);

    public static Activity? StartPublish(
        string exchange, string routingKey, string messageId, string eventType, Guid entityId, long version, AmqpTcpEndpoint? server,
        string? storedTraceParent, string? storedTraceState)
    {
        ActivityContext.TryParse(storedTraceParent, storedTraceState, isRemote: false, out var parent);
        var activity = Source.StartActivity($"{SyncSpanAttributes.PublishOperation} {exchange}", ActivityKind.Producer, parent);
        if (activity is not { IsAllDataRequested: true })
        {
            return activity;
        }
        Messaging(activity, SyncSpanAttributes.PublishOperation, "send", exchange, routingKey, messageId, server)
            .SetTag(SyncSpanAttributes.EventType, eventType);
        Entity(activity, entityId, version);
        return activity;
    }

    /// <summary>
    /// The span of one delivery, named after the exchange it came through (the conventions' destination); the queue
    /// is its subscription. The entity is read from the headers the owner's relay writes, so a delivery whose body
    /// is refused is still found by its entity.
    /// </summary>
    public static Activity? StartProcess(
        string exchange, string routingKey, string queue, ulong deliveryTag, string messageId, string? eventType,
        IReadOnlyDictionary<string, object?>? headers, AmqpTcpEndpoint? server)
    {
        var traceParent = AmqpHeaders.Text(headers, ChangeHeaders.TraceParent);
        var traceState = AmqpHeaders.Text(headers, ChangeHeaders.TraceState);
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = Source.StartActivity($"{SyncSpanAttributes.ProcessOperation} {exchange}", ActivityKind.Consumer, parent);
        if (activity is not { IsAllDataRequested: true })
        {
            return activity;
        }
        Messaging(activity, SyncSpanAttributes.ProcessOperation, SyncSpanAttributes.ProcessOperation, exchange, routingKey, messageId, server)
            .SetTag(SyncSpanAttributes.Subscription, queue)
            .SetTag(SyncSpanAttributes.DeliveryTag, (long)deliveryTag)
            .SetTag(SyncSpanAttributes.EventType, eventType);
        if (Guid.TryParse(AmqpHeaders.Text(headers, ChangeHeaders.AggregateId), out var entityId)
            && AmqpHeaders.Number(headers, ChangeHeaders.Version) is { } version)
        {
            Entity(activity, entityId, version);
        }
        return activity;
    }

    /// <summary>
    /// Marks a delivery's span failed: Error status (red in the dashboard's Traces) with the reason, and
    /// <c>error.type</c>, a short class the Traces filter can match (<paramref name="errorType"/>).
    /// </summary>
    public static void DeadLettered(Activity? activity, string errorType, string reason)
    {
        activity?.SetStatus(ActivityStatusCode.Error, reason)
            .SetTag(SyncSpanAttributes.ErrorType, errorType);
    }

    /// <summary>The trace context to send: the publish span's own, else the stored one.</summary>
    public static void Inject(IDictionary<string, object?> headers, Activity? activity, string? storedTraceParent, string? storedTraceState)
    {
        var traceParent = activity?.Id ?? storedTraceParent;
        var traceState = activity is null ? storedTraceState : activity.TraceStateString;
        if (traceParent is not null)
        {
            headers[ChangeHeaders.TraceParent] = traceParent;
        }
        if (!string.IsNullOrEmpty(traceState))
        {
            headers[ChangeHeaders.TraceState] = traceState;
        }
    }

    /// <summary>The trace id in a W3C <c>traceparent</c> (lower-case hex), or null when there is none or it does not parse.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;

    static Activity Messaging(Activity activity, string operationName, string operationType, string exchange, string routingKey, string messageId, AmqpTcpEndpoint? server)
    {
        activity.SetTag(SyncSpanAttributes.System, "rabbitmq")
            .SetTag(SyncSpanAttributes.OperationName, operationName)
            .SetTag(SyncSpanAttributes.OperationType, operationType)
            .SetTag(SyncSpanAttributes.DestinationName, exchange)
            .SetTag(SyncSpanAttributes.MessageId, messageId);
        // Conditionally required "if not empty": the change exchanges are fanouts, published with an empty key.
        if (!string.IsNullOrEmpty(routingKey))
        {
            activity.SetTag(SyncSpanAttributes.RoutingKey, routingKey);
        }
        if (server is not null)
        {
            activity.SetTag(SyncSpanAttributes.ServerAddress, server.HostName)
                .SetTag(SyncSpanAttributes.ServerPort, server.Port);
        }
        return activity;
    }

    static void Entity(Activity activity, Guid entityId, long version) =>
        activity.SetTag(SyncSpanAttributes.EntityId, entityId.ToString())
            .SetTag(SyncSpanAttributes.EntityVersion, version)
            .SetTag(SyncSpanAttributes.EntityEpoch, ChangeVersion.EpochOf(version));
}
