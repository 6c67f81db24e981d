using FoodDelivery.Contracts;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The operator's endpoints under <c>/sync</c>, behind this cluster's operator keys (<see cref="OperatorScope"/>: the read
/// key opens the GETs, only the repair key the POSTs); the AppHost's dashboard commands call them. One class per feature
/// in <c>Endpoints/</c>: status, dead letters, where is, convergence, repair, two clusters.
/// </summary>
public static class SyncEndpoints
{
    public static IEndpointRouteBuilder MapSyncEndpoints<TDb>(this IEndpointRouteBuilder app) where TDb : SyncDbContext
    {
        // Two groups on one prefix: what only looks opens with the read key, what changes something needs the repair key.
        var reads = app.MapGroup(SyncRoutes.Prefix).WithTags("Sync").RequireOperatorKey(OperatorScope.Read);
        var repairs = app.MapGroup(SyncRoutes.Prefix).WithTags("Sync").RequireOperatorKey(OperatorScope.Repair);
        // Also opens to the caller key of a service that replicates the type, for its convergence check and rebuild.
        var snapshotReads = app.MapGroup(SyncRoutes.Prefix).WithTags("Sync").RequireOperatorOrSnapshotReaderKey();
        StatusEndpoints.MapStatus(reads);
        DeadLetterEndpoints.MapDeadLetters(reads, repairs);
        WhereIsEndpoints.MapWhereIs<TDb>(reads);
        ConvergenceEndpoints.MapConvergence<TDb>(reads, snapshotReads);
        RepairEndpoints.MapRepairs<TDb>(repairs);
        ClusterEndpoints.MapClusters<TDb>(repairs);
        return app;
    }
}
