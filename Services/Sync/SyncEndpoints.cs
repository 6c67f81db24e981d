using FoodDelivery.Sync;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The operator's endpoints, behind the sync admin key; the AppHost's dashboard commands call them.
/// <c>GET /sync/status</c>, <c>POST /sync/dead-letters/replay</c>, <c>POST /sync/resync</c>,
/// <c>GET /sync/convergence</c> and, for the convergence checks of other services, <c>GET /sync/owned/{eventType}</c>.
/// </summary>
public static class SyncEndpoints
{
    public static IEndpointRouteBuilder MapSyncEndpoints<TDb>(this IEndpointRouteBuilder app) where TDb : SyncDbContext
    {
        var sync = app.MapGroup("/sync").WithTags("Sync").AddEndpointFilter<SyncAdminKeyFilter>();
        sync.MapGet("/status", Status);
        sync.MapPost("/dead-letters/replay", ReplayDeadLetters);
        sync.MapPost("/resync", Resync<TDb>);
        sync.MapGet("/convergence", Convergence<TDb>);
        sync.MapGet("/owned/{eventType}", OwnedBy<TDb>);
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

    static async Task<Ok<ConvergenceReport>> Convergence<TDb>(ConvergenceCheck<TDb> check, CancellationToken ct) where TDb : SyncDbContext =>
        TypedResults.Ok(await check.RunAsync(ct));

    // The route value is read by hand: a generic handler with a route parameter crashes the
    // RouteHandlerAnalyzer of ASP.NET Core 10.0 (AD0001, NullReferenceException).
    static IResult OwnedBy<TDb>(HttpContext context, SyncBuilder registrations, CancellationToken ct) where TDb : SyncDbContext =>
        Owned((string)context.Request.RouteValues["eventType"]!, registrations, context.RequestServices.GetRequiredService<TDb>(), ct);

    static IResult Owned(string eventType, SyncBuilder registrations, SyncDbContext db, CancellationToken ct)
    {
        var owned = registrations.Publications.Values.FirstOrDefault(publication => publication.EventType == eventType);
        if (owned is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Stream(body => OwnedSnapshots.WriteAsync(body, owned, db, ct), "application/json");
    }
}
