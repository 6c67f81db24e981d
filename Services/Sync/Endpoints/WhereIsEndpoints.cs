using FoodDelivery.Contracts;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace FoodDelivery.Sync.Endpoints;

/// <summary>
/// "Where is ...?": <c>GET /sync/entities/{eventType}/{id}</c> asks every service that holds the type for its copy of one
/// entity; the local route answers for this service alone.
/// </summary>
internal static class WhereIsEndpoints
{
    public static void MapWhereIs<TDb>(RouteGroupBuilder reads) where TDb : SyncDbContext
    {
        reads.MapGet(SyncRoutes.EntityTemplate, Entity<TDb>);
        reads.MapGet(SyncRoutes.LocalEntityTemplate, LocalEntity<TDb>);
    }

    static async Task<Results<Ok<EntityWhereabouts>, ContentHttpResult, NotFound<ProblemDetails>>> Entity<TDb>(
        HttpContext context, EntityLookup<TDb> lookup, CancellationToken ct) where TDb : SyncDbContext
    {
        var (eventType, id) = EntityRoute(context);
        // The other services are asked with the operator's own key: a service holds none that opens its neighbours.
        if (await lookup.WhereAsync(eventType, id, context.Request.Headers[OperatorKeys.Header].ToString(), ct) is not { } where)
        {
            return NoSuchEventType(eventType);
        }
        OperatorAnswers.MarkPartial(context, where.Unreachable);
        return OperatorAnswers.WantsMarkdown(context) ? OperatorAnswers.Markdown(EntityMarkdown.Render(where)) : TypedResults.Ok(where);
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
}
