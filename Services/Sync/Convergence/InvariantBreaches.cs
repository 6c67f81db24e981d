namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// One <see cref="EffectInvariant"/> checked: how many entities break it, some of their ids, or why it could not be
/// checked (<see cref="Error"/>).
/// </summary>
internal sealed record InvariantBreaches(string Invariant, long Breaches, IReadOnlyList<Guid> Examples, string? Error)
{
    public bool Holds => Error is null && Breaches == 0;

    public static InvariantBreaches Failed(string invariant, string error) => new(invariant, 0, [], error);
}
