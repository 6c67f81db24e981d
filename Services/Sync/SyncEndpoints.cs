using FoodDelivery.Contracts;
using FoodDelivery.Sync;
using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.DeadLetters;
using FoodDelivery.Sync.Entities;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The operator's endpoints, behind this cluster's operator keys (<see cref="OperatorScope"/>: the read key opens the
/// GETs, only the repair key the POSTs); the AppHost's dashboard commands call them.
/// <c>GET /sync/status</c>, <c>POST /sync/dead-letters/replay</c> (all of them), the dead letters one by one
/// (<c>GET /sync/dead-letters</c>, <c>GET /sync/dead-letters/{messageId}</c>, <c>POST .../{messageId}/replay</c>,
/// <c>POST .../{messageId}/discard</c>), where one entity is (<c>GET /sync/entities/{eventType}/{id}</c>), <c>POST /sync/resync</c>,
/// <c>GET /sync/convergence</c>, <c>POST /sync/rebuild[?eventType=]</c> (replicas made equal to their owners),
/// for the convergence checks of other services <c>GET /sync/owned/{eventType}</c>, and
/// the re-homes for a lost cluster: <c>POST /sync/owned/{eventType}/{id}/rehome</c> (one entity) and
/// <c>POST /sync/rehome/{lostCluster}</c> (everything homed there), and on the cluster being taken over the fence
/// that lets the peer's take-over in: <c>POST</c>/<c>DELETE /sync/fences/{owner}</c>.
/// </summary>
public static class SyncEndpoints
{
    /// <summary>What the dashboard's commands ask for: the answer as Markdown instead of JSON.</summary>
    internal const string MarkdownContentType = "text/markdown";

    public static IEndpointRouteBuilder MapSyncEndpoints<TDb>(this IEndpointRouteBuilder app) where TDb : SyncDbContext
    {
        // Two groups on one prefix: what only looks opens with the read key, what changes something needs the repair key.
        var reads = app.MapGroup(SyncRoutes.Prefix).WithTags("Sync").RequireOperatorKey(OperatorScope.Read);
        reads.MapGet(SyncRoutes.StatusTemplate, Status);
        reads.MapGet(SyncRoutes.DeadLettersTemplate, ListDeadLetters);
        reads.MapGet(SyncRoutes.DeadLetterTemplate, PeekDeadLetter);
        reads.MapGet(SyncRoutes.EntityTemplate, Entity<TDb>);
        reads.MapGet(SyncRoutes.LocalEntityTemplate, LocalEntity<TDb>);
        reads.MapGet(SyncRoutes.ConvergenceTemplate, Convergence<TDb>);
        // Also opens to the caller key of a service that replicates the type, for its convergence check and rebuild.
        app.MapGroup(SyncRoutes.Prefix).WithTags("Sync").RequireOperatorOrSnapshotReaderKey()
            .MapGet(SyncRoutes.OwnedTemplate, OwnedBy<TDb>);

        var repairs = app.MapGroup(SyncRoutes.Prefix).WithTags("Sync").RequireOperatorKey(OperatorScope.Repair);
        repairs.MapPost(SyncRoutes.ReplayDeadLettersTemplate, ReplayDeadLetters);
        repairs.MapPost(SyncRoutes.ReplayDeadLetterTemplate, ReplayDeadLetter);
        repairs.MapPost(SyncRoutes.DiscardDeadLetterTemplate, DiscardDeadLetter);
        repairs.MapPost(SyncRoutes.ResyncTemplate, Resync<TDb>);
        repairs.MapPost(SyncRoutes.RebuildTemplate, RebuildReplicas<TDb>);
        repairs.MapPost(SyncRoutes.RehomeEntityTemplate, RehomeEntity<TDb>);
        repairs.MapPost(SyncRoutes.RehomeClusterTemplate, RehomeCluster<TDb>);
        repairs.MapPost(SyncRoutes.FenceTemplate, Fence<TDb>);
        repairs.MapDelete(SyncRoutes.FenceTemplate, LiftFence<TDb>);
        return app;
    }

    // Route values read by hand, for the same analyzer crash as below.
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

    // Route values read by hand, for the same analyzer crash as below.
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

    // The query value is read by hand, like the route values, for the same analyzer crash.
    static async Task<Results<Ok<RebuildResult>, ValidationProblem, ProblemHttpResult>> RebuildReplicas<TDb>(
        HttpContext context, Rebuild<TDb> rebuild, SyncOptions options, CancellationToken ct)
        where TDb : SyncDbContext
    {
        var eventType = context.Request.Query["eventType"].ToString() is { Length: > 0 } named ? named : null;
        if (eventType is not null && !rebuild.Replicas.Contains(eventType, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["eventType"] = [$"{options.ServiceName} keeps replicas of " +
                                     (rebuild.Replicas.Count == 0 ? "nothing" : string.Join(", ", rebuild.Replicas)) + $", not of {eventType}."],
                },
                title: "This service keeps no replica of that event type.");
        }
        var result = await rebuild.RunAsync(eventType, ct);
        if (result.Failed)
        {
            // An owner could not be read: the operator must see a failure, with what was done anyway.
            return TypedResults.Problem(result.Message, statusCode: StatusCodes.Status502BadGateway,
                title: "Some replicas could not be rebuilt.", extensions: new Dictionary<string, object?> { ["result"] = result });
        }
        return TypedResults.Ok(result);
    }

    static async Task<Results<Ok<ConvergenceReport>, ContentHttpResult>> Convergence<TDb>(
        HttpContext context, ConvergenceCheck<TDb> check, CancellationToken ct) where TDb : SyncDbContext
    {
        var report = await check.RunAsync(ct);
        MarkPartial(context, report.Unreachable);
        return WantsMarkdown(context) ? Markdown(ConvergenceMarkdown.Render(report)) : TypedResults.Ok(report);
    }

    /// <summary>A page of the list (<c>?skip=K&amp;limit=N</c>); the header says how many wait in all, for "first N of M".</summary>
    static async Task<Ok<IReadOnlyList<DeadLetter>>> ListDeadLetters(
        HttpContext context, int? skip, int? limit, DeadLetterQueue letters, CancellationToken ct)
    {
        var page = await letters.ListAsync(Math.Max(skip ?? 0, 0), limit ?? DeadLetterPaging.DefaultLimit, ct);
        context.Response.Headers[DeadLetterPaging.TotalHeader] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(page.Letters);
    }

    static async Task<Results<Ok<DeadLetterContent>, NotFound<ProblemDetails>>> PeekDeadLetter(
        string messageId, DeadLetterQueue letters, CancellationToken ct) =>
        await letters.PeekAsync(messageId, ct) is { } content ? TypedResults.Ok(content) : NoSuchDeadLetter(messageId);

    static async Task<Results<Ok<RepairResult>, NotFound<ProblemDetails>>> ReplayDeadLetter(
        string messageId, DeadLetterQueue letters, ISyncMonitor monitor, CancellationToken ct)
    {
        if (await letters.ReplayAsync(messageId, ct) is not { } replayed)
        {
            return NoSuchDeadLetter(messageId);
        }
        await monitor.RefreshAsync(ct);
        return TypedResults.Ok(new RepairResult(1, $"{replayed.Type} {replayed.AggregateId} v{replayed.Version} ({messageId}) moved back to the queue."));
    }

    static async Task<Results<Ok<RepairResult>, ValidationProblem, NotFound<ProblemDetails>>> DiscardDeadLetter(
        string messageId, DeadLetterDiscard discard, DeadLetterQueue letters, ISyncMonitor monitor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(discard.By))
        {
            errors["by"] = ["Say who discards the dead letter (it goes into the log)."];
        }
        if (string.IsNullOrWhiteSpace(discard.Reason))
        {
            errors["reason"] = ["Say why the dead letter is discarded (it goes into the log)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "A discard needs who and why.");
        }
        if (await letters.DiscardAsync(messageId, discard.By!.Trim(), discard.Reason!.Trim(), ct) is not { } discarded)
        {
            return NoSuchDeadLetter(messageId);
        }
        await monitor.RefreshAsync(ct);
        return TypedResults.Ok(new RepairResult(1, $"{discarded.Type} {discarded.AggregateId} v{discarded.Version} ({messageId}) discarded."));
    }

    static NotFound<ProblemDetails> NoSuchDeadLetter(string messageId) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "No such dead letter.",
        Detail = $"No message with message_id {messageId} waits in this service's dead-letter queue.",
        Extensions = { ["field"] = "messageId" },
    });

    // Route values read by hand, for the analyzer crash described at OwnedBy.
    static async Task<Results<Ok<EntityWhereabouts>, ContentHttpResult, NotFound<ProblemDetails>>> Entity<TDb>(
        HttpContext context, EntityLookup<TDb> lookup, CancellationToken ct) where TDb : SyncDbContext
    {
        var (eventType, id) = EntityRoute(context);
        // The other services are asked with the operator's own key: a service holds none that opens its neighbours.
        if (await lookup.WhereAsync(eventType, id, context.Request.Headers[OperatorKeys.Header].ToString(), ct) is not { } where)
        {
            return NoSuchEventType(eventType);
        }
        MarkPartial(context, where.Unreachable);
        return WantsMarkdown(context) ? Markdown(EntityMarkdown.Render(where)) : TypedResults.Ok(where);
    }

    static async Task<Results<Ok<EntityCopy>, NotFound<ProblemDetails>>> LocalEntity<TDb>(
        HttpContext context, EntityLookup<TDb> lookup, CancellationToken ct) where TDb : SyncDbContext
    {
        var (eventType, id) = EntityRoute(context);
        return FoodDelivery.Contracts.ServiceCatalogue.OwnerOf(eventType) is null
            ? NoSuchEventType(eventType)
            : TypedResults.Ok(await lookup.LocalAsync(eventType, id, ct));
    }

    static (string EventType, Guid Id) EntityRoute(HttpContext context) => (
        (string)context.Request.RouteValues["eventType"]!,
        Guid.Parse((string)context.Request.RouteValues["id"]!, System.Globalization.CultureInfo.InvariantCulture));

    static NotFound<ProblemDetails> NoSuchEventType(string eventType) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "No service owns this event type.",
        Detail = $"eventType: {eventType} is none of " +
                 string.Join(", ", FoodDelivery.Contracts.ServiceCatalogue.Services.SelectMany(service => service.Publishes)) + ".",
        Extensions = { ["field"] = "eventType" },
    });

    /// <summary>A partial answer stays 200; the header names who could not be asked (their rows in the body say why).</summary>
    static void MarkPartial(HttpContext context, IReadOnlyList<string> unreachable)
    {
        if (unreachable.Count > 0)
        {
            context.Response.Headers[PartialAnswer.UnreachableHeader] = string.Join(",", unreachable);
        }
    }

    static bool WantsMarkdown(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Contains(MarkdownContentType, StringComparison.OrdinalIgnoreCase);

    static ContentHttpResult Markdown(string text) => TypedResults.Text(text, MarkdownContentType);

    // The route value is read by hand: a generic handler with a route parameter crashes the
    // RouteHandlerAnalyzer of ASP.NET Core 10.0 (AD0001, NullReferenceException).
    static IResult OwnedBy<TDb>(HttpContext context, SyncRegistrations registrations, CancellationToken ct) where TDb : SyncDbContext =>
        Owned(context, (string)context.Request.RouteValues["eventType"]!, registrations, context.RequestServices.GetRequiredService<TDb>(), ct);

    static IResult Owned(HttpContext context, string eventType, SyncRegistrations registrations, SyncDbContext db, CancellationToken ct)
    {
        var owned = registrations.Publications.Values.FirstOrDefault(publication => publication.EventType == eventType);
        if (owned is null)
        {
            return TypedResults.NotFound();
        }
        var homes = context.Request.Query[OwnedSnapshots.HomesQuery] == "true"
            ? context.RequestServices.GetRequiredService<SyncOptions>().Cluster
            : null;
        return TypedResults.Stream(body => OwnedSnapshots.WriteAsync(body, owned, db, ct, homes), "application/json");
    }
}
