using FoodDelivery.Contracts;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Registration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Endpoints;

/// <summary>
/// <c>GET /sync/convergence</c> (this service's replicas against their owners) and what other services' checks read:
/// <c>GET /sync/owned/{eventType}</c>, the snapshots of what this service owns.
/// </summary>
internal static class ConvergenceEndpoints
{
    public static void MapConvergence<TDb>(RouteGroupBuilder reads, RouteGroupBuilder snapshotReads) where TDb : SyncDbContext
    {
        reads.MapGet(SyncRoutes.ConvergenceTemplate, Convergence<TDb>);
        snapshotReads.MapGet(SyncRoutes.OwnedTemplate, OwnedBy<TDb>);
    }

    static async Task<Results<Ok<ConvergenceReport>, ContentHttpResult>> Convergence<TDb>(
        HttpContext context, ConvergenceCheck<TDb> check, CancellationToken ct) where TDb : SyncDbContext
    {
        var report = await check.RunAsync(ct);
        OperatorAnswers.MarkPartial(context, report.Unreachable);
        return OperatorAnswers.WantsMarkdown(context) ? OperatorAnswers.Markdown(ConvergenceMarkdown.Render(report)) : TypedResults.Ok(report);
    }

    // The route value is read by hand (see ClusterEndpoints).
    static IResult OwnedBy<TDb>(HttpContext context, SyncRegistrations registrations, CancellationToken ct) where TDb : SyncDbContext =>
        Owned(context, (string)context.Request.RouteValues["eventType"]!, registrations, context.RequestServices.GetRequiredService<TDb>(), ct);

    static IResult Owned(HttpContext context, string eventType, SyncRegistrations registrations, SyncDbContext db, CancellationToken ct)
    {
        var owned = registrations.Publications.Values.FirstOrDefault(publication => publication.EventType == eventType);
        if (owned is null)
        {
            return TypedResults.NotFound();
        }
        var homes = context.Request.Query[OwnedSnapshots.HomesQuery] == "true";
        return TypedResults.Stream(body => OwnedSnapshots.WriteAsync(body, owned, db, ct, homes), "application/json");
    }
}
