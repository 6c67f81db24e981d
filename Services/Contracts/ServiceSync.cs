namespace FoodDelivery.Contracts;

/// <summary>
/// What one service puts on the bus and takes from it: the event types it owns (and alone may
/// publish) and the ones it replicates. The broker's topology and permissions are generated from
/// these, and each service checks at start-up that its own registrations say the same.
/// </summary>
public sealed record ServiceSync(string Name, IReadOnlyList<string> Publishes, IReadOnlyList<string> Replicates)
{
    /// <summary>The owners whose exchanges this service's queue is bound to, in catalogue order.</summary>
    public IReadOnlyList<string> ReplicatedOwners =>
        [.. Replicates.Select(type => ServiceCatalogue.OwnerOf(type)!).Distinct(StringComparer.Ordinal)];
}
