using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Startup;
using Microsoft.Extensions.Configuration;
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
/// Written by hand rather than taken from Aspire's RabbitMQ client integration: that integration
/// opens its connection inside a DI factory that blocks a thread while it retries, so with the
/// broker down every caller (relay, consumer, health check) blocked a pool thread and, on two cores,
/// HTTP requests starved. Everything here is asynchronous.
/// </remarks>
public sealed partial class BrokerConnection(
    IConfiguration configuration, SyncTopology topology, SyncOptions options, SyncStatus status, ILogger<BrokerConnection> logger)
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
                    var opened = await CreateFactory().CreateConnectionAsync(options.ServiceName, ct);
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

    ConnectionFactory CreateFactory()
    {
        var connectionString = configuration.GetConnectionString(SyncTopology.BrokerConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{SyncTopology.BrokerConnectionName} is not configured.");
        var broker = BrokerUri.Parse(connectionString);
        var factory = new ConnectionFactory
        {
            Uri = broker.Uri,
            AutomaticRecoveryEnabled = true,
            // The engine declares its topology on every channel it opens and re-attaches its own
            // consumer; replayed by the client too, a recovered connection would carry two consumers.
            TopologyRecoveryEnabled = false,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            RequestedHeartbeat = TimeSpan.FromSeconds(15),
        };
        factory.Ssl.CertificateValidationCallback = broker.VerifyServer;
        return factory;
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
