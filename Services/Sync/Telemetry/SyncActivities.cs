using System.Diagnostics;
using FoodDelivery.Sync.Broker;

namespace FoodDelivery.Sync.Telemetry;

/// <summary>
/// The engine's spans, with OpenTelemetry messaging attributes: a Producer span per publish whose
/// parent is the trace context stored in the outbox row (so a publish minutes later still joins the
/// request's trace), and a Consumer span per delivery continuing the trace from the headers.
/// Never a message body in a span.
/// </summary>
public static class SyncActivities
{
    public static readonly ActivitySource Source = new(FoodDelivery.Contracts.SyncTelemetryName.Value);

    public static Activity? StartPublish(string exchange, string messageId, string eventType, string? storedTraceParent, string? storedTraceState)
    {
        ActivityContext.TryParse(storedTraceParent, storedTraceState, isRemote: false, out var parent);
        var activity = Source.StartActivity($"publish {exchange}", ActivityKind.Producer, parent);
        return activity?
            .SetTag("messaging.system", "rabbitmq")
            .SetTag("messaging.operation.type", "send")
            .SetTag("messaging.operation.name", "publish")
            .SetTag("messaging.destination.name", exchange)
            .SetTag("messaging.message.id", messageId)
            .SetTag("fooddelivery.sync.event_type", eventType);
    }

    public static Activity? StartProcess(string queue, string messageId, string? eventType, IReadOnlyDictionary<string, object?>? headers)
    {
        var traceParent = AmqpHeaders.Text(headers, ChangeHeaders.TraceParent);
        var traceState = AmqpHeaders.Text(headers, ChangeHeaders.TraceState);
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = Source.StartActivity($"process {queue}", ActivityKind.Consumer, parent);
        return activity?
            .SetTag("messaging.system", "rabbitmq")
            .SetTag("messaging.operation.type", "process")
            .SetTag("messaging.operation.name", "process")
            .SetTag("messaging.destination.name", queue)
            .SetTag("messaging.message.id", messageId)
            .SetTag("fooddelivery.sync.event_type", eventType);
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
}
