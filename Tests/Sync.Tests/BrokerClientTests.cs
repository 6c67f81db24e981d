using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Broker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// The engine's wiring of Aspire.RabbitMQ.Client (<see cref="BrokerConnection.AddTo"/>): the factory it binds carries the
/// engine's TLS verification and recovery settings, configuration still tunes it, nothing blocking or noisy comes
/// with it (no <c>IConnection</c>, health check or tracing), and the client's own warnings and errors, raised through
/// its real (internal) EventSource, reach the log at their level while its informational events do not.
/// </summary>
public sealed class BrokerClientTests : IDisposable
{
    // The client's internal logging front door, which its recovery loop and dispatchers call.
    static readonly Type ClientLog = typeof(ConnectionFactory).Assembly.GetType("RabbitMQ.Client.Logging.ESLog", throwOnError: true)!;

    readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("broker-client-");

    [Fact]
    public void The_factory_dials_the_referenced_broker_over_verified_TLS_and_recovers_without_replaying_topology()
    {
        var caFile = Authority();
        using var host = Host(new() { ["ConnectionStrings:messaging"] = $"amqps://menu:secret@broker.test:5671?cacertfile={caFile}" });

        var factory = Assert.IsType<ConnectionFactory>(host.Services.GetRequiredService<IConnectionFactory>());

        Assert.Equal(("broker.test", 5671, "menu", "secret"), (factory.HostName, factory.Port, factory.UserName, factory.Password));
        Assert.Empty(factory.Uri.Query);
        Assert.True(factory.Ssl.Enabled);
        Assert.Equal(nameof(BrokerUri.VerifyServer), factory.Ssl.CertificateValidationCallback?.Method.Name);
        Assert.IsType<BrokerUri>(factory.Ssl.CertificateValidationCallback?.Target);
        Assert.True(factory.AutomaticRecoveryEnabled);
        Assert.False(factory.TopologyRecoveryEnabled);
        Assert.Equal(TimeSpan.FromSeconds(2), factory.NetworkRecoveryInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), factory.RequestedHeartbeat);
    }

    [Fact]
    public void Aspire_client_settings_tune_the_factory()
    {
        using var host = Host(new()
        {
            ["ConnectionStrings:messaging"] = "amqps://menu:secret@broker.test:5671",
            ["Aspire:RabbitMQ:Client:ConnectionFactory:RequestedHeartbeat"] = "00:00:30",
            ["Aspire:RabbitMQ:Client:ConnectionFactory:NetworkRecoveryInterval"] = "00:00:07",
        });

        var factory = Assert.IsType<ConnectionFactory>(host.Services.GetRequiredService<IConnectionFactory>());

        Assert.Equal(TimeSpan.FromSeconds(30), factory.RequestedHeartbeat);
        Assert.Equal(TimeSpan.FromSeconds(7), factory.NetworkRecoveryInterval);
        Assert.False(factory.TopologyRecoveryEnabled);
    }

    [Fact]
    public void No_blocking_connection_no_health_check_and_no_tracing_come_with_the_integration()
    {
        using var host = Host(new() { ["ConnectionStrings:messaging"] = "amqps://menu:secret@broker.test:5671" });

        Assert.Null(host.Services.GetService<IConnection>());
        Assert.Empty(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void A_client_warning_and_error_reach_the_log_under_the_client_category_and_informational_events_do_not()
    {
        var entries = new List<(string Category, LogLevel Level, string Message, string? ExceptionType)>();
        using var host = Host(new() { ["ConnectionStrings:messaging"] = "amqps://menu:secret@broker.test:5671" }, entries);
        // The integration starts forwarding when its factory is first resolved, as BrokerConnection does on its first attempt.
        host.Services.GetRequiredService<IConnectionFactory>();
        var info = Unique("connection opened");
        var warning = Unique("consumer dispatcher task had unexpected exceptions");
        var error = Unique("Exception when recovering connection.");

        Raise("Info", info);
        Raise("Warn", warning);
        Raise("Error", error, new InvalidOperationException("the broker said no"));

        List<(string Category, LogLevel Level, string Message, string? ExceptionType)> logged;
        lock (entries)
        {
            logged = [.. entries];
        }
        Assert.DoesNotContain(logged, e => e.Message.Contains(info, StringComparison.Ordinal));
        var warned = Assert.Single(logged, e => e.Message.Contains(warning, StringComparison.Ordinal));
        Assert.Equal((BrokerConnection.ClientLogCategory, LogLevel.Warning), (warned.Category, warned.Level));
        var failed = Assert.Single(logged, e => e.Message.Contains(error, StringComparison.Ordinal));
        Assert.Equal((BrokerConnection.ClientLogCategory, LogLevel.Error), (failed.Category, failed.Level));
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.ExceptionType);
    }

    static IHost Host(Dictionary<string, string?> configuration, List<(string, LogLevel, string, string?)>? entries = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        if (entries is not null)
        {
            builder.Logging.AddProvider(new ListProvider(entries));
        }
        BrokerConnection.AddTo(builder);
        return builder.Build();
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

    string Authority()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var file = Path.Combine(directory.FullName, "ca.crt");
        File.WriteAllText(file, certificate.ExportCertificatePem());
        return file;
    }

    public void Dispose() => directory.Delete(recursive: true);

    sealed class ListProvider(List<(string, LogLevel, string, string?)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, entries);

        public void Dispose()
        {
        }
    }

    sealed class ListLogger(string category, List<(string, LogLevel, string, string?)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The integration hands the client's exception over as attributes (OpenTelemetry's exception.*), not as an Exception.
            var exceptionType = state is IEnumerable<KeyValuePair<string, object?>> attributes
                ? attributes.FirstOrDefault(a => a.Key == "exception.type").Value as string
                : null;
            lock (entries)
            {
                entries.Add((category, logLevel, formatter(state, exception), exceptionType));
            }
        }
    }
}
