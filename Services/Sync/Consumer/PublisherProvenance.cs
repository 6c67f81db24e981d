using FoodDelivery.Contracts;
using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// Reads a delivery's provenance from the exchange it arrived through, never from what the sender wrote
/// (<c>app_id</c>, headers): only an owner's broker user may write to its exchange
/// (<see cref="BrokerNames.OwnerExchange"/>), only the federation link to a peer exchange, and only this
/// service to its replay exchange, through which a dead letter comes back with the exchange it first
/// arrived through (<see cref="Broker.ChangeHeaders.ReceivedFrom"/>, written by this service itself).
/// </summary>
internal sealed class PublisherProvenance
{
    readonly Dictionary<string, Provenance> exchanges = new(StringComparer.Ordinal);
    readonly string replayExchange;

    public PublisherProvenance(SyncOptions options)
    {
        replayExchange = BrokerNames.ReplayExchange(options.ServiceName);
        foreach (var owner in ServiceCatalogue.Services.Select(service => service.Name))
        {
            exchanges[BrokerNames.OwnerExchange(owner)] = new Provenance(owner, options.Cluster);
            // With one cluster there is no peer exchange, and so no way in for another cluster's events.
            if (!string.IsNullOrEmpty(options.PeerCluster))
            {
                exchanges[BrokerNames.PeerExchange(options.PeerCluster, owner)] = new Provenance(owner, options.PeerCluster);
            }
        }
    }

    /// <summary>The exchange a delivery first came through: for a replayed one, the one it came through before it died.</summary>
    public string? FirstArrival(string exchange, string? receivedFrom) => exchange == replayExchange ? receivedFrom : exchange;

    /// <summary>The provenance of a delivery, or null when it came through an exchange no owner publishes to.</summary>
    public Provenance? Of(string exchange, string? receivedFrom) =>
        FirstArrival(exchange, receivedFrom) is { } first ? exchanges.GetValueOrDefault(first) : null;
}
