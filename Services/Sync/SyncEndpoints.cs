using FoodDelivery.Sync;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The operator's endpoints, behind the sync admin key; the AppHost's dashboard commands call them.
/// <c>GET /sync/status</c>, <c>POST /sync/dead-letters/replay</c>, <c>POST /sync/resync</c>.
/// </summary>
public static class SyncEndpoints
{
    public static IEndpointRouteBuilder MapSyncEndpoints<TDb>(this IEndpointRouteBuilder app) where TDb : SyncDbContext
    {
        var sync = app.MapGroup("/sync").WithTags("Sync").AddEndpointFilter<SyncAdminKeyFilter>();
        sync.MapGet("/status", Status);
        sync.MapPost("/dead-letters/replay", ReplayDeadLetters);
        sync.MapPost("/resync", Resync<TDb>);
        return app;
    }

    static async Task<Ok<SyncStatusView>> Status(SyncStatus status, SyncOptions options, ISyncMonitor monitor, TimeProvider time, CancellationToken ct)
    {
        // Fresh figures for the operator who asked, not the last five-second sample.
        await monitor.RefreshAsync(ct);
        return TypedResults.Ok(SyncStatusView.From(status, options, time.GetUtcNow()));
    }

    static async Task<Ok<RepairResult>> ReplayDeadLetters(DeadLetterReplay replay, ISyncMonitor monitor, CancellationToken ct)
    {
        var moved = await replay.RunAsync(ct);
        await monitor.RefreshAsync(ct);
        return TypedResults.Ok(new RepairResult(moved, $"{moved} dead letters moved back to the queue."));
    }

    static async Task<Ok<RepairResult>> Resync<TDb>(Resync<TDb> resync, CancellationToken ct) where TDb : SyncDbContext
    {
        var queued = await resync.RunAsync(ct);
        return TypedResults.Ok(new RepairResult(queued, $"{queued} snapshots queued for publishing."));
    }
}
