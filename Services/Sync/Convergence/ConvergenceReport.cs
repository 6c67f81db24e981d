namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// One service's view of convergence: each replica it keeps against its owner, plus its own outbox
/// backlog and dead letters. Converged means every count is zero.
/// </summary>
public sealed record ConvergenceReport(
    string Service,
    bool Converged,
    long OutboxBacklog,
    long DeadLetters,
    long QueueDepth,
    IReadOnlyList<ReplicaConvergence> Replicas,
    DateTimeOffset CheckedAt);

/// <summary>One (owner -> consumer, event type) pair. <see cref="Error"/> is set when the owner could not be read.</summary>
public sealed record ReplicaConvergence(
    string Owner,
    string Consumer,
    string EventType,
    long OwnerRows,
    long ReplicaRows,
    long Missing,
    long Stale,
    long Extra,
    long Diverged,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> Examples,
    string? Error)
{
    public bool Converged => Error is null && Missing + Stale + Extra + Diverged == 0;

    public static ReplicaConvergence From(string owner, string consumer, string eventType, ReplicaDifferences differences) => new(
        owner, consumer, eventType, differences.OwnerRows, differences.ReplicaRows,
        differences.Count(RowDifference.Missing), differences.Count(RowDifference.Stale),
        differences.Count(RowDifference.Extra), differences.Count(RowDifference.Diverged),
        differences.ExamplesByKind(),
        Error: null);

    public static ReplicaConvergence Failed(string owner, string consumer, string eventType, string error) =>
        new(owner, consumer, eventType, 0, 0, 0, 0, 0, 0, new Dictionary<string, IReadOnlyList<Guid>>(), error);
}
