using FoodDelivery.Contracts;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Registration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FoodDelivery.Sync.Broker;

/// <summary>
/// The broker objects this service uses, named by <see cref="BrokerNames"/>: its owner exchange (where
/// its events enter the bus), its queue with the dead-letter queue behind it, and the replay exchange
/// that leads back to its queue. The infrastructure declares all of them with their bindings and
/// permissions (the AppHost's broker definitions, loaded at boot); a service may configure nothing, so
/// it only checks passively that they exist and says clearly what is missing.
/// </summary>
internal sealed class SyncTopology(SyncOptions options, SyncStatus status)
{
    /// <summary>The broker's connection string name, as the AppHost calls it.</summary>
    internal const string BrokerConnectionName = "messaging";

    internal string Exchange => BrokerNames.OwnerExchange(options.ServiceName);

    internal string DeadLetterExchange => BrokerNames.DeadLetterExchange(options.ServiceName);

    internal string ReplayExchange => BrokerNames.ReplayExchange(options.ServiceName);

    internal string Queue => BrokerNames.Queue(options.ServiceName);

    internal string DeadLetterQueue => BrokerNames.DeadLetterQueue(options.ServiceName);

    /// <summary>
    /// Passive declares of everything this service publishes to or consumes from. A missing object is
    /// recorded in <see cref="SyncStatus.TopologyProblem"/> (the health check reports it) and thrown as
    /// <see cref="BrokerTopologyMissingException"/>; a passive declare that fails closes its channel, so
    /// each check gets a throwaway one.
    /// </summary>
    internal async Task VerifyAsync(IConnection connection, CancellationToken ct)
    {
        foreach (var exchange in new[] { Exchange, DeadLetterExchange, ReplayExchange })
        {
            await CheckAsync(connection, "exchange", exchange, (channel, name) => channel.ExchangeDeclarePassiveAsync(name, ct), ct);
        }
        foreach (var queue in new[] { Queue, DeadLetterQueue })
        {
            await CheckAsync(connection, "queue", queue, (channel, name) => channel.QueueDeclarePassiveAsync(name, ct), ct);
        }
        status.TopologyProblem = null;
    }

    async Task CheckAsync(IConnection connection, string kind, string name, Func<IChannel, string, Task> declarePassive, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await declarePassive(channel, name);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            var problem = $"The broker has no {kind} '{name}'. The infrastructure declares the sync topology (the broker " +
                          "definitions the AppHost or the Kubernetes output loads at boot); this service may not create it.";
            status.TopologyProblem = problem;
            throw new BrokerTopologyMissingException(problem, ex);
        }
    }
}
