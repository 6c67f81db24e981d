using System.Reflection;
using FoodDelivery.Sync.Broker;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// RabbitMQ.Client's own log events, raised through its real (internal) EventSource, reach the service's log:
/// warnings and errors with the exception's type and message, informational events not, and a repeating
/// message once per window with the count of those in between.
/// </summary>
public sealed class BrokerClientLogTests
{
    // The client's internal logging front door, which its recovery loop and dispatchers call.
    static readonly Type ClientLog = typeof(ConnectionFactory).Assembly.GetType("RabbitMQ.Client.Logging.ESLog", throwOnError: true)!;

    [Fact]
    public void A_client_warning_and_error_reach_the_log_under_the_client_category()
    {
        using var captured = new CapturedLog();
        var warning = Unique("consumer dispatcher task had unexpected exceptions");
        var error = Unique("Exception when recovering connection.");
        Raise("Warn", warning);
        Raise("Error", error, new InvalidOperationException("the broker said no"));

        var logged = captured.Entries.Where(e => e.Message.Contains(warning, StringComparison.Ordinal)).ToList();
        var warned = Assert.Single(logged);
        Assert.Equal((BrokerClientLog.Category, LogLevel.Warning), (warned.Category, warned.Level));
        var failed = Assert.Single(captured.Entries, e => e.Message.Contains(error, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains("System.InvalidOperationException: the broker said no", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Informational_events_are_not_forwarded()
    {
        using var captured = new CapturedLog();
        var info = Unique("connection opened");
        Raise("Info", info);
        Raise("Warn", info + " then warned");
        Assert.DoesNotContain(captured.Entries, e => e.Message.StartsWith(info + " (", StringComparison.Ordinal));
        Assert.Single(captured.Entries, e => e.Message.Contains(info + " then warned", StringComparison.Ordinal));
    }

    [Fact]
    public void A_repeating_message_is_logged_once_per_window_with_how_often_it_came_in_between()
    {
        using var captured = new CapturedLog();
        var retry = Unique("Exception when recovering connection. Will try again after retry interval.");
        for (var i = 0; i < 5; i++)
        {
            Raise("Error", retry, new IOException("connection refused"));
            captured.Clock.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.Single(captured.Entries, e => e.Message.Contains(retry, StringComparison.Ordinal));

        captured.Clock.Advance(BrokerClientLog.RepeatWindow);
        Raise("Error", retry, new IOException("connection refused"));
        var again = captured.Entries.Where(e => e.Message.Contains(retry, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, again.Count);
        Assert.Contains("(4 more like it since it was last logged)", again[1].Message, StringComparison.Ordinal);
    }

    static string Unique(string message) => $"{message} [{Guid.NewGuid():N}]";

    static void Raise(string level, string message, Exception? exception = null)
    {
        var method = exception is null
            ? ClientLog.GetMethod(level, BindingFlags.Public | BindingFlags.Static, [typeof(string)])
            : ClientLog.GetMethod(level, BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(Exception)]);
        Assert.NotNull(method);
        method.Invoke(null, exception is null ? [message] : [message, exception]);
    }

    /// <summary>A <see cref="BrokerClientLog"/> listening into a list, on a clock the test moves.</summary>
    sealed class CapturedLog : IDisposable
    {
        readonly BrokerClientLog listener;

        public CapturedLog()
        {
            var loggers = LoggerFactory.Create(logging => logging.AddProvider(new ListProvider(Entries)).SetMinimumLevel(LogLevel.Trace));
            listener = new BrokerClientLog(loggers, Clock);
        }

        public List<(string Category, LogLevel Level, string Message)> Entries { get; } = [];

        public ManualClock Clock { get; } = new();

        public void Dispose() => listener.Dispose();
    }

    sealed class ManualClock : TimeProvider
    {
        DateTimeOffset now = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    sealed class ListProvider(List<(string Category, LogLevel Level, string Message)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, entries);

        public void Dispose()
        {
        }
    }

    sealed class ListLogger(string category, List<(string Category, LogLevel Level, string Message)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (entries)
            {
                entries.Add((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
