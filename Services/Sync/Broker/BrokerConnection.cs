using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Startup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Broker;

/// <summary>
/// The service's one AMQP connection, opened patiently: a broker that is down at start-up does
/// not crash the service; callers wait (asynchronously) until it comes. Once open, the client's
/// automatic recovery brings the connection back after a broker restart. Also owns the
/// confirm-mode publishing channel.
/// </summary>
/// <remarks>
/// The connection factory comes from Aspire's RabbitMQ client integration (see <see cref="AddTo"/>), the
/// connection does not: the integration opens its <c>IConnection</c> inside a DI factory that blocks a thread
/// while it retries, so with the broker down every caller (relay, consumer, health check) blocked a pool thread
/// and, on two cores, HTTP requests starved. Everything here is asynchronous.
/// </remarks>
internal sealed partial class BrokerConnection(
    IServiceProvider services, SyncTopology topology, SyncOptions options, SyncStatus status, ILogger<BrokerConnection> logger)
    : IAsyncDisposable
{
    readonly SemaphoreSlim connecting = new(1, 1);
    readonly SemaphoreSlim opening = new(1, 1);
    IConnection? connection;
    IChannel? publisher;

    public async Task<IConnection> GetAsync(CancellationToken ct)
    {
        if (connection is { } open)
        {
            return open;
        }
        await connecting.WaitAsync(ct);
        try
        {
            var delay = new RetryDelay(options.MaxRetryDelay);
            while (connection is null)
            {
                try
                {
                    // Resolved here, not injected: a broken connection string or CA file is retried and logged like an
                    // unreachable broker rather than failing every service that depends on this one at construction.
                    var factory = services.GetRequiredService<IConnectionFactory>();
                    var opened = await factory.CreateConnectionAsync(options.ServiceName, ct);
                    if (Refusal(opened) is { } refusal)
                    {
                        // Unsupported: nothing is published or consumed through it (the outbox keeps the changes), the
                        // health says why, and the log says it once; an upgraded broker is taken on the next attempt.
                        await opened.DisposeAsync();
                        if (status.BrokerRefused != refusal)
                        {
                            status.BrokerRefused = refusal;
                            LogBrokerRefused(refusal);
                        }
                        await Task.Delay(delay.Next(), ct);
                        continue;
                    }
                    status.BrokerRefused = null;
                    connection = opened;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    LogBrokerUnreachable(ex.GetType().Name);
                    await Task.Delay(delay.Next(), ct);
                }
            }
            return connection;
        }
        finally
        {
            connecting.Release();
        }
    }

    /// <summary>The broker node the connection is open to (the last one, after a recovery), for spans' <c>server.*</c>; null until open.</summary>
    public AmqpTcpEndpoint? Endpoint => connection?.Endpoint;

    /// <summary>A channel with publisher confirms: a publish completes when the broker has the message.</summary>
    public async Task<IChannel> GetPublisherAsync(CancellationToken ct)
    {
        if (publisher is { IsOpen: true } open)
        {
            return open;
        }
        await opening.WaitAsync(ct);
        try
        {
            if (publisher is { IsOpen: true } reopened)
            {
                return reopened;
            }
            if (publisher is not null)
            {
                await publisher.DisposeQuietlyAsync();
                publisher = null;
            }
            var amqp = await GetAsync(ct);
            var channel = await amqp.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            // Publishing to an exchange that does not exist would close the channel: check it is there first.
            await topology.VerifyAsync(amqp, ct);
            publisher = channel;
            return channel;
        }
        finally
        {
            opening.Release();
        }
    }

    /// <summary>Why the engine refuses this broker (its announced version is outside <see cref="SupportedServer.RabbitMq"/>), or null.</summary>
    static string? Refusal(IConnection connection) =>
        SupportedServer.RabbitMq.Refusal(
            connection.ServerProperties?.TryGetValue("version", out var version) == true ? AmqpHeaders.Describe(version) : null);

    /// <summary>
    /// Aspire.RabbitMQ.Client for what it does well: the connection string from the AppHost's reference and the
    /// <c>Aspire:RabbitMQ:Client</c> settings bound into the <see cref="IConnectionFactory"/> this connection uses, and
    /// the client's own EventSource log forwarded under the <c>RabbitMQ.Client</c> category (its warnings and errors:
    /// recovery failures, crashed dispatchers). Its health check and tracing are off (the engine has its own health
    /// and spans), and its blocking <c>IConnection</c> is not registered at all, so nothing can resolve it by mistake.
    /// </summary>
    public static void AddTo(IHostApplicationBuilder builder)
    {
        string? connectionString = null;
        builder.AddRabbitMQClient(SyncTopology.BrokerConnectionName,
            settings =>
            {
                settings.DisableHealthChecks = true;
                settings.DisableTracing = true;
                settings.DisableAutoActivation = true;
                connectionString = settings.ConnectionString;
            },
            factory => Configure(factory, connectionString));
        builder.Services.RemoveAll<IConnection>();
        // The client's informational events (one per connection and channel opened) are noise when healthy.
        builder.Logging.AddFilter(ClientLogCategory, LogLevel.Warning);
        builder.Services.AddSingleton<BrokerConnection>();
    }

    /// <summary>The category Aspire.RabbitMQ.Client forwards the client's own log events under.</summary>
    public const string ClientLogCategory = "RabbitMQ.Client";

    /// <summary>What the engine needs of the factory, on top of what the integration bound from configuration.</summary>
    static void Configure(ConnectionFactory factory, string? connectionString)
    {
        var broker = BrokerUri.Parse(connectionString
            ?? throw new InvalidOperationException($"ConnectionStrings:{SyncTopology.BrokerConnectionName} is not configured."));
        // The URI without cacertfile, which the client does not read: VerifyServer checks the broker against that CA.
        factory.Uri = broker.Uri;
        factory.Ssl.CertificateValidationCallback = broker.VerifyServer;
        factory.AutomaticRecoveryEnabled = true;
        // The engine declares its topology on every channel it opens and re-attaches its own
        // consumer; replayed by the client too, a recovered connection would carry two consumers.
        factory.TopologyRecoveryEnabled = false;
        // Ours unless Aspire:RabbitMQ:Client:ConnectionFactory set them (the client's defaults recover and notice a dead peer slowly).
        if (factory.NetworkRecoveryInterval == new ConnectionFactory().NetworkRecoveryInterval)
        {
            factory.NetworkRecoveryInterval = TimeSpan.FromSeconds(2);
        }
        if (factory.RequestedHeartbeat == ConnectionFactory.DefaultHeartbeat)
        {
            factory.RequestedHeartbeat = TimeSpan.FromSeconds(15);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (publisher is not null)
        {
            await publisher.DisposeQuietlyAsync();
        }
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
        connecting.Dispose();
        opening.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker is refused: {Refusal}")]
    partial void LogBrokerRefused(string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker is not reachable yet ({Error}); retrying.")]
    partial void LogBrokerUnreachable(string error);
}
