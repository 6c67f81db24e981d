using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Broker;

/// <summary>
/// The service's one AMQP connection (Aspire's RabbitMQ client integration: automatic recovery,
/// health check, telemetry), reached patiently: a broker that is down at start-up does not crash
/// the service, callers wait until it comes. Also owns the confirm-mode publishing channel.
/// </summary>
public sealed partial class BrokerConnection(IServiceProvider services, SyncTopology topology, SyncOptions options, ILogger<BrokerConnection> logger)
    : IAsyncDisposable
{
    readonly SemaphoreSlim gate = new(1, 1);
    IConnection? connection;
    IChannel? publisher;

    public async Task<IConnection> GetAsync(CancellationToken ct)
    {
        var delay = new RetryDelay(options.MaxRetryDelay);
        while (true)
        {
            try
            {
                // Aspire's factory retries for a while itself; DI does not cache a failure, so asking again retries again.
                connection ??= services.GetRequiredService<IConnection>();
                return connection;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogBrokerUnreachable(ex.GetType().Name);
                await Task.Delay(delay.Next(), ct);
            }
        }
    }

    /// <summary>A channel with publisher confirms: a publish completes when the broker has the message.</summary>
    public async Task<IChannel> GetPublisherAsync(CancellationToken ct)
    {
        if (publisher is { IsOpen: true } open)
        {
            return open;
        }
        await gate.WaitAsync(ct);
        try
        {
            if (publisher is { IsOpen: true } reopened)
            {
                return reopened;
            }
            if (publisher is not null)
            {
                await publisher.DisposeAsync();
            }
            var amqp = await GetAsync(ct);
            var channel = await amqp.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            // Publishing to an exchange that does not exist would close the channel: declare first (idempotent).
            await topology.DeclareAsync(channel, ct);
            publisher = channel;
            return channel;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (publisher is not null)
        {
            await publisher.DisposeAsync();
        }
        gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker is not reachable yet ({Error}); retrying.")]
    partial void LogBrokerUnreachable(string error);
}
