using FoodDelivery.Contracts;
using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Endpoints;

/// <summary>
/// Two clusters: the re-homes for a lost cluster, <c>POST /sync/owned/{eventType}/{id}/rehome</c> (one entity) and
/// <c>POST /sync/rehome/{lostCluster}</c> (everything homed there), and on the cluster being taken over the fence that
/// lets the peer's take-over in: <c>POST</c>/<c>DELETE /sync/fences/{owner}</c>.
/// </summary>
internal static class ClusterEndpoints
{
    public static void MapClusters<TDb>(RouteGroupBuilder repairs) where TDb : SyncDbContext
    {
        repairs.MapPost(SyncRoutes.RehomeEntityTemplate, RehomeEntity<TDb>);
        repairs.MapPost(SyncRoutes.RehomeClusterTemplate, RehomeCluster<TDb>);
        repairs.MapPost(SyncRoutes.FenceTemplate, Fence<TDb>);
        repairs.MapDelete(SyncRoutes.FenceTemplate, LiftFence<TDb>);
    }

    // Route values are read by hand: a generic handler with a route parameter crashes the RouteHandlerAnalyzer of
    // ASP.NET Core 10.0 (AD0001, NullReferenceException).

    static async Task<Results<Ok<RepairResult>, NotFound<ProblemDetails>>> Fence<TDb>(
        HttpContext context, TDb db, SyncOptions options, TimeProvider time, CancellationToken ct)
        where TDb : SyncDbContext
    {
        var owner = (string)context.Request.RouteValues["owner"]!;
        if (UnfenceableOwner(owner, options) is { } notHeld)
        {
            return notHeld;
        }
        if (!await db.TakeOverFences.AnyAsync(fence => fence.Owner == owner, ct))
        {
            db.TakeOverFences.Add(new TakeOverFence { Owner = owner, FencedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(new RepairResult(1,
            $"{options.ServiceName} in {options.Cluster} takes {options.PeerCluster}'s take-over of what {owner} homes here; lift the fence once it arrived."));
    }

    static async Task<Results<Ok<RepairResult>, NotFound<ProblemDetails>>> LiftFence<TDb>(HttpContext context, TDb db, SyncOptions options, CancellationToken ct)
        where TDb : SyncDbContext
    {
        var owner = (string)context.Request.RouteValues["owner"]!;
        if (UnfenceableOwner(owner, options) is { } notHeld)
        {
            return notHeld;
        }
        var lifted = await db.TakeOverFences.Where(fence => fence.Owner == owner).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(new RepairResult(lifted, $"{options.ServiceName} in {options.Cluster} refuses {options.PeerCluster}'s changes to what {owner} homes here again."));
    }

    /// <summary>A fence is for an owner whose rows this service holds: its own entities or ones it replicates.</summary>
    static NotFound<ProblemDetails>? UnfenceableOwner(string owner, SyncOptions options)
    {
        var held = ServiceCatalogue.Find(options.ServiceName) is { } entry ? entry.ReplicatedOwners.Prepend(entry.Name).ToList() : [];
        return held.Contains(owner, StringComparer.Ordinal)
            ? null
            : TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "This service holds no rows of that owner.",
                Detail = $"owner: {options.ServiceName} holds rows of {string.Join(", ", held)}, not of {owner}.",
                Extensions = { ["field"] = "owner" },
            });
    }

    static async Task<Results<Ok<RehomeResult>, NotFound, Conflict<ProblemDetails>>> RehomeEntity<TDb>(
        HttpContext context, Rehome<TDb> rehome, CancellationToken ct)
        where TDb : SyncDbContext
    {
        var eventType = (string)context.Request.RouteValues["eventType"]!;
        var id = Guid.Parse((string)context.Request.RouteValues["id"]!, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            return await rehome.EntityAsync(eventType, id, ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The entity changed while it was being re-homed.",
                Detail = $"A newer version of {id} arrived meanwhile: re-home it again.",
            });
        }
    }

    static async Task<Results<Ok<RepairResult>, BadRequest<ProblemDetails>, Conflict<ProblemDetails>>> RehomeCluster<TDb>(
        HttpContext context, Rehome<TDb> rehome, SyncOptions options, IHttpClientFactory http, CancellationToken ct)
        where TDb : SyncDbContext
    {
        var lostCluster = (string)context.Request.RouteValues["lostCluster"]!;
        if (lostCluster == options.Cluster)
        {
            return TypedResults.BadRequest(new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "An entity is re-homed from the cluster that takes it over.",
                Detail = $"lostCluster: {lostCluster} is this cluster.",
                Extensions = { ["field"] = "lostCluster" },
            });
        }
        if (lostCluster == options.PeerCluster && await PeerAnswer.AskAsync(http, options, ct) is { } answer)
        {
            // A take-over is for a lost peer: one that answers still writes, and both clusters would home the same rows.
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = $"{lostCluster} is reachable: it is not lost, so nothing is taken over.",
                Detail = $"{answer}. Stop it (or wait until it is really cut off) before taking it over; " +
                         $"to move single entities while both run, fence them in {lostCluster} and re-home each ({SyncRoutes.RehomeEntityTemplate}).",
                Extensions = { ["peerCluster"] = lostCluster },
            });
        }
        var (moved, atLastEpoch) = await rehome.ClusterAsync(lostCluster, ct);
        return TypedResults.Ok(new RepairResult(moved, $"{moved} entities homed in {lostCluster} are now homed in {options.Cluster}." +
            (atLastEpoch > 0 ? $" {atLastEpoch} left in {lostCluster}: they are in the last ownership epoch ({ChangeVersion.MaxEpoch}) and cannot be re-homed again." : "")));
    }
}
