namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// One service's view of convergence: each replica it keeps against its owner, the invariants its
/// reactions keep (<see cref="Invariants"/>), plus its own outbox backlog and dead letters. Converged
/// means every count is zero.
/// </summary>
internal sealed record ConvergenceReport(
    string Service,
    bool Converged,
    long OutboxBacklog,
    long DeadLetters,
    long QueueDepth,
    IReadOnlyList<ReplicaConvergence> Replicas,
    DateTimeOffset CheckedAt)
{
    /// <summary>Each invariant this service's reactions declared (<see cref="EffectInvariant"/>), with its breaches.</summary>
    public IReadOnlyList<InvariantBreaches> Invariants { get; init; } = [];

    /// <summary>The owners that could not be asked (their rows say why): when not empty, the report is partial.</summary>
    public IReadOnlyList<string> Unreachable =>
        [.. Replicas.Where(replica => replica.OwnerUnreachable).Select(replica => replica.Owner).Distinct(StringComparer.Ordinal)];
}

/// <summary>One (owner -> consumer, event type) pair. <see cref="Error"/> is set when the owner could not be read.</summary>
internal sealed record ReplicaConvergence(
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

    /// <summary>The owner could not be reached or answered an error, so this row compares nothing (<see cref="Error"/> says why).</summary>
    public bool OwnerUnreachable { get; init; }

    public static ReplicaConvergence From(string owner, string consumer, string eventType, ReplicaDifferences differences) => new(
        owner, consumer, eventType, differences.OwnerRows, differences.ReplicaRows,
        differences.Count(RowDifference.Missing), differences.Count(RowDifference.Stale),
        differences.Count(RowDifference.Extra), differences.Count(RowDifference.Diverged) + differences.Count(RowDifference.Home),
        differences.ExamplesByKind(),
        Error: null);

    public static ReplicaConvergence Failed(string owner, string consumer, string eventType, string error) =>
        new(owner, consumer, eventType, 0, 0, 0, 0, 0, 0, new Dictionary<string, IReadOnlyList<Guid>>(), error);
}
