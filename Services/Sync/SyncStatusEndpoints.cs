using FoodDelivery.Sync;
using FoodDelivery.Sync.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.Hosting;

public static class SyncStatusEndpoints
{
    /// <summary><c>GET /sync/status</c>: backlog, queue and dead-letter depths, outcomes and the last applied event.</summary>
    public static IEndpointRouteBuilder MapSyncStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sync/status", Status).WithTags("Sync");
        return app;
    }

    static Ok<SyncStatusView> Status(SyncStatus status, SyncOptions options, TimeProvider time) =>
        TypedResults.Ok(SyncStatusView.From(status, options, time.GetUtcNow()));
}
