namespace FoodDelivery.Sync.Convergence;

/// <summary>Rows of one replica counted by kind, with some of the ids for an operator to look at (ids only, never contents).</summary>
internal abstract class RowTally<TKind> where TKind : struct, Enum
{
    /// <summary>Ids kept per kind: enough to investigate, small enough to return.</summary>
    public const int ExampleLimit = 100;

    readonly Dictionary<TKind, long> counts = [];
    readonly Dictionary<TKind, List<Guid>> examples = [];

    public long OwnerRows { get; init; }

    public long ReplicaRows { get; set; }

    public long Count(TKind kind) => counts.GetValueOrDefault(kind);

    public IReadOnlyList<Guid> Examples(TKind kind) => examples.TryGetValue(kind, out var ids) ? ids : [];

    /// <summary>The examples of every kind that occurred, by the kind's name in lower case (as reports spell them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Guid>> ExamplesByKind() => Enum.GetValues<TKind>()
        .Where(kind => Count(kind) > 0)
        .ToDictionary(kind => kind.ToString().ToLowerInvariant(), Examples);

    public void Add(TKind kind, Guid id)
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
