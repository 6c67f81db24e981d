namespace FoodDelivery.Sync.Monitoring;

/// <summary>Refreshes the sync figures on demand (the monitor does it every few seconds anyway).</summary>
internal interface ISyncMonitor
{
    Task RefreshAsync(CancellationToken ct);
}
