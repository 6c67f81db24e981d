namespace FoodDelivery.Sync.Repair;

/// <summary>
/// What a rebuild did: how many replica rows it changed, a sentence for the dashboard, and the
/// figures of each replica (like <see cref="RepairResult"/>, with the detail).
/// </summary>
internal sealed record RebuildResult(string Service, long Count, string Message, IReadOnlyList<ReplicaRebuilt> Replicas, DateTimeOffset RebuiltAt)
{
    public bool Failed => Replicas.Any(replica => replica.Error is not null);
}
