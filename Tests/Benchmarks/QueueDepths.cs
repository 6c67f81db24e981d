using FoodDelivery.Contracts;
using RabbitMQ.Client;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Ready-message counts of the services' queues, read with a passive declare: immediate, unlike the
/// management API's statistics, which are refreshed only every few seconds.
/// </summary>
public sealed class QueueDepths : IAsyncDisposable
{
    readonly IConnection connection;
    IChannel? channel;

    QueueDepths(IConnection connection) => this.connection = connection;

    /// <summary>The broker's version, as it announces itself on connecting.</summary>
    public string BrokerVersion => connection.ServerProperties?.TryGetValue("version", out var version) == true && version is byte[] text
        ? System.Text.Encoding.UTF8.GetString(text)
        : "?";

    public static async Task<QueueDepths> ConnectAsync(BenchmarkSystem system)
    {
        var broker = BrokerUri.Parse(await system.ConnectionStringAsync("messaging"));
        var factory = new ConnectionFactory { Uri = broker.Uri };
        factory.Ssl.CertificateValidationCallback = broker.VerifyServer;
        return new QueueDepths(await factory.CreateConnectionAsync("benchmark-queue-depths"));
    }

    /// <summary>Messages ready in a service's queue (<c>&lt;service&gt;.changes</c>).</summary>
    public async Task<uint> ReadyAsync(string service)
    {
        if (channel is not { IsOpen: true })
        {
            channel = await connection.CreateChannelAsync();
        }
        return (await channel.QueueDeclarePassiveAsync($"{service}.changes")).MessageCount;
    }

    /// <summary>Waits until every service's queue is empty (or the time is up).</summary>
    public async Task WaitAllEmptyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var total = 0u;
            foreach (var service in BenchmarkSystem.ServiceNames)
            {
                total += await ReadyAsync(service);
            }
            if (total == 0)
            {
                return;
            }
            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await channel.CloseAsync();
            channel.Dispose();
        }
        await connection.CloseAsync();
        connection.Dispose();
    }
}
