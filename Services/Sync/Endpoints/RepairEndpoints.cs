using FoodDelivery.Contracts;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FoodDelivery.Sync.Endpoints;

/// <summary><c>POST /sync/resync</c> (republish everything this service owns) and <c>POST /sync/rebuild[?eventType=]</c> (replicas made equal to their owners).</summary>
internal static class RepairEndpoints
{
    public static void MapRepairs<TDb>(RouteGroupBuilder repairs) where TDb : SyncDbContext
    {
        repairs.MapPost(SyncRoutes.ResyncTemplate, Resync<TDb>);
        repairs.MapPost(SyncRoutes.RebuildTemplate, RebuildReplicas<TDb>);
    }

    static async Task<Ok<RepairResult>> Resync<TDb>(Resync<TDb> resync, CancellationToken ct) where TDb : SyncDbContext
    {
        var queued = await resync.RunAsync(ct);
        return TypedResults.Ok(new RepairResult(queued, $"{queued} snapshots queued for publishing."));
    }

    // The query value is read by hand, like the route values (see ClusterEndpoints), for the same analyzer crash.
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
}
