using System.Diagnostics.Tracing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync.Broker;

/// <summary>
/// RabbitMQ.Client's own warnings and errors (a recovery attempt that failed, a consumer dispatcher or a
/// socket write loop that crashed) in the service's log, under the category <c>RabbitMQ.Client</c>. The client
/// writes them only to its EventSource, which nobody hears unless it is listened to; Aspire.RabbitMQ.Client
/// starts its listener inside the <c>IConnection</c> factory the engine does not use (see
/// <see cref="BrokerConnection"/>), so the engine listens itself. Informational events (one per connection
/// and channel) are not forwarded. A message that repeats, as recovery's does every few seconds while the
/// broker is down, is logged once per <see cref="RepeatWindow"/> with how often it came in between, so an
/// outage is one red line, not one every retry.
/// </summary>
public sealed partial class BrokerClientLog : EventListener, IHostedService
{
    public const string SourceName = "rabbitmq-client";

    public const string Category = "RabbitMQ.Client";

    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(5);

    // The client's log events (its counters are another keyword).
    const EventKeywords LogKeyword = (EventKeywords)1;

    readonly Dictionary<string, Repeats> repeats = new(StringComparer.Ordinal);
    readonly ILogger? logger;
    readonly TimeProvider? time;

    public BrokerClientLog(ILoggerFactory loggers, TimeProvider time)
    {
        // The base constructor may already have raised OnEventSourceCreated; events before this point are dropped.
        logger = loggers.CreateLogger(Category);
        this.time = time;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Warning, LogKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (logger is null || time is null || eventData.EventSource.Name != SourceName
            || eventData.Level is not (EventLevel.Warning or EventLevel.Error or EventLevel.Critical))
        {
            return;
        }
        var message = eventData.Payload is [string text, ..] ? text : eventData.EventName ?? "(no message)";
        // The Error event's second payload is the exception's Type, Message, StackTrace and InnerException.
        var exception = eventData.Payload is [_, IDictionary<string, object?> detail, ..] ? detail : null;
        var exceptionType = exception?.TryGetValue("Type", out var type) == true ? type as string ?? "" : "";
        var exceptionMessage = exception?.TryGetValue("Message", out var said) == true ? said as string ?? "" : "";
        if (!ShouldLog($"{eventData.EventId}|{message}|{exceptionType}", out var unlogged))
        {
            return;
        }
        if (eventData.Level is EventLevel.Warning)
        {
            LogClientWarning(logger, message, unlogged);
        }
        else
        {
            LogClientError(logger, message, exceptionType, exceptionMessage, unlogged);
        }
    }

    /// <summary>Whether to log this occurrence, and how many of the same went unlogged since the last one that was.</summary>
    bool ShouldLog(string key, out int unlogged)
    {
        var now = time!.GetUtcNow();
        lock (repeats)
        {
            if (repeats.TryGetValue(key, out var seen) && now - seen.LoggedAt < RepeatWindow)
            {
                repeats[key] = seen with { Unlogged = seen.Unlogged + 1 };
                unlogged = 0;
                return false;
            }
            unlogged = seen?.Unlogged ?? 0;
            repeats[key] = new Repeats(now, 0);
            return true;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask; // listening since construction

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    sealed record Repeats(DateTimeOffset LoggedAt, int Unlogged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ClientMessage} ({Unlogged} more like it since it was last logged)")]
    static partial void LogClientWarning(ILogger logger, string clientMessage, int unlogged);

    [LoggerMessage(Level = LogLevel.Error, Message = "{ClientMessage} {ExceptionType}: {ExceptionMessage} ({Unlogged} more like it since it was last logged)")]
    static partial void LogClientError(ILogger logger, string clientMessage, string exceptionType, string exceptionMessage, int unlogged);
}
