namespace FoodDelivery.Sync.Convergence;

/// <summary>What a rebuild changed in one replica table, with some of the ids.</summary>
internal sealed class RebuildChanges : RowTally<RowRepair>
{
    /// <summary>Rows the rebuild wrote (overwritten, removed or added).</summary>
    public long Changed => Count(RowRepair.Overwritten) + Count(RowRepair.Removed) + Count(RowRepair.Added);
}
