namespace FoodDelivery.Sync.Clusters;

/// <summary>An entity's home before and after a re-home, and the version it now has.</summary>
internal sealed record RehomeResult(string EventType, Guid Id, string FromCluster, string HomeCluster, long Version);
