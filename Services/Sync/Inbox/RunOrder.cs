namespace FoodDelivery.Sync.Inbox;

/// <summary>
/// The order a run of deliveries is applied in. By (type, id), so two runs that touch the same rows take their
/// locks in the same order instead of deadlocking; within one entity by version, which is (ownership epoch, write)
/// compared in that order (<see cref="FoodDelivery.Contracts.ChangeVersion"/>): an epoch-1 version that arrived after
/// the epoch-2 one is applied first, so the newer one lands on it instead of being refused or counted stale.
/// </summary>
internal static class RunOrder
{
    /// <summary>The positions of <paramref name="run"/> in the order to apply them (ties keep their arrival order).</summary>
    public static int[] Of<T>(IReadOnlyList<T> run, Func<T, (string Type, Guid Id, long Version)> key)
    {
        var keys = run.Select(key).ToArray();
        return Enumerable.Range(0, run.Count)
            .OrderBy(position => keys[position].Type, StringComparer.Ordinal)
            .ThenBy(position => keys[position].Id)
            .ThenBy(position => keys[position].Version)
            .ToArray();
    }

    /// <summary>
    /// The positions of <paramref name="run"/> for applying one by one: arrival order (a reaction may rely on what
    /// arrived before it), except that each entity's versions fill the places they arrived in in (epoch, write) order.
    /// </summary>
    public static int[] OneByOne<T>(IReadOnlyList<T> run, Func<T, (string Type, Guid Id, long Version)> key)
    {
        var keys = run.Select(key).ToArray();
        var order = new int[run.Count];
        foreach (var entity in Enumerable.Range(0, run.Count).GroupBy(position => (keys[position].Type, keys[position].Id)))
        {
            var places = entity.ToArray();
            var byVersion = places.OrderBy(position => keys[position].Version).ToArray();
            for (var index = 0; index < places.Length; index++)
            {
                order[places[index]] = byVersion[index];
            }
        }
        return order;
    }
}
