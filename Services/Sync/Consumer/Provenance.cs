namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// Who published a delivery, as the broker enforces it: the owner whose exchange it came through, and
/// the cluster of that owner (this one, or the peer whose federation link wrote the peer exchange).
/// </summary>
internal sealed record Provenance(string Owner, string Cluster);
