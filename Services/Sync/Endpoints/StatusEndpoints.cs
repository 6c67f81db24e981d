using FoodDelivery.Contracts;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Registration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FoodDelivery.Sync.Endpoints;

/// <summary><c>GET /sync/status</c>: what this service's sync is doing now.</summary>
internal static class StatusEndpoints
{
    public static void MapStatus(RouteGroupBuilder reads) => reads.MapGet(SyncRoutes.StatusTemplate, Status);

    static async Task<Ok<SyncStatusView>> Status(SyncStatus status, SyncOptions options, ISyncMonitor monitor, TimeProvider time, CancellationToken ct)
    {
        // Fresh figures for the operator who asked, not the last five-second sample.
        await monitor.RefreshAsync(ct);
        return TypedResults.Ok(SyncStatusView.From(status, options, time.GetUtcNow()));
    }
}
