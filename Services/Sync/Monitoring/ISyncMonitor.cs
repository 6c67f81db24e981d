namespace FoodDelivery.Sync.Monitoring;

/// <summary>Refreshes the sync figures on demand (the monitor does it every few seconds anyway).</summary>
public interface ISyncMonitor
{
    Task RefreshAsync(CancellationToken ct);
}
