namespace FoodDelivery.Sync.Convergence;

public enum RowDifference
{
    /// <summary>The owner has the row (or its tombstone); the replica does not.</summary>
    Missing,

    /// <summary>The replica holds an older version than the owner.</summary>
    Stale,

    /// <summary>The replica holds a row the owner does not have.</summary>
    Extra,

    /// <summary>Same id, but another content at the same version, another deleted flag, or a version the owner never had.</summary>
    Diverged,
}

/// <summary>What one replica table lacks or has wrong, with some of the ids for an operator to look at.</summary>
public sealed class ReplicaDifferences
{
    /// <summary>Ids kept per kind of difference: enough to investigate, small enough to return.</summary>
    public const int ExampleLimit = 100;

    readonly Dictionary<RowDifference, long> counts = [];
    readonly Dictionary<RowDifference, List<Guid>> examples = [];

    public long OwnerRows { get; init; }

    public long ReplicaRows { get; set; }

    public long Count(RowDifference kind) => counts.GetValueOrDefault(kind);

    public IReadOnlyList<Guid> Examples(RowDifference kind) => examples.TryGetValue(kind, out var ids) ? ids : [];

    public void Add(RowDifference kind, Guid id)
    {
        counts[kind] = Count(kind) + 1;
        if (!examples.TryGetValue(kind, out var ids))
        {
            examples[kind] = ids = [];
        }
        if (ids.Count < ExampleLimit)
        {
            ids.Add(id);
        }
    }
}
