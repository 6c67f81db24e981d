using System.Security.Claims;
using FoodDelivery.AccountGate;
using FoodDelivery.ApiConventions;
using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Data;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync.Registration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Api;

/// <summary>
/// Deliveries are opened and cancelled by reacting to orders (Sync/OrderReaction); here their
/// courier, and only their courier, reads them and reports pickup and drop-off.
/// </summary>
public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder app)
    {
        var deliveries = app.MapGroup("/deliveries").WithTags("Deliveries").RequireAuthorization(Roles.Courier);
        deliveries.MapGet("/", ListMine);
        deliveries.MapGet("/{id:guid}", Get);
        deliveries.MapPost("/{id:guid}/pickup", PickUp).RequireActiveAccount(AccountRole.Courier);
        deliveries.MapPost("/{id:guid}/deliver", Deliver).RequireActiveAccount(AccountRole.Courier);
        return app;
    }

    static async Task<Ok<Page<DeliveryView>>> ListMine(
        [AsParameters] PageRequest page, HttpContext http, ClaimsPrincipal user, DeliveryDb db, CancellationToken ct)
    {
        var courierId = user.AccountId();
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => d.CourierId == courierId)
            .PageAsync(d => d.Id, ListOrder.NewestFirst, page, http, ct);
        var restaurantIds = rows.Items.Select(d => d.RestaurantId).Distinct().ToList();
        var restaurants = await db.Restaurants.AsNoTracking().Where(r => restaurantIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        return TypedResults.Ok(rows.Select(d => DeliveryView.From(d, restaurants.GetValueOrDefault(d.RestaurantId))));
    }

    static async Task<Results<Ok<DeliveryView>, NotFound, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, DeliveryDb db, CancellationToken ct)
    {
        if (await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) is not { } delivery)
        {
            return TypedResults.NotFound();
        }
        return delivery.CourierId == user.AccountId() ? TypedResults.Ok(await ViewAsync(db, delivery, ct)) : AccessProblems.NotYours("delivery", id);
    }

    static Task<Results<Ok<DeliveryView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> PickUp(
        Guid id, ClaimsPrincipal user, DeliveryDb db, CancellationToken ct) =>
        Dispatcher.ExclusivelyAsync(db, () => PickUpLocked(id, user.AccountId(), db, ct), ct);

    static async Task<Results<Ok<DeliveryView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> PickUpLocked(
        Guid id, Guid courierId, DeliveryDb db, CancellationToken ct)
    {
        if (await db.Deliveries.FirstOrDefaultAsync(d => d.Id == id, ct) is not { } delivery)
        {
            return TypedResults.NotFound();
        }
        if (delivery.CourierId != courierId)
        {
            return AccessProblems.NotYours("delivery", id);
        }
        // The order replica may already say Cancelled while the reaction that cancels this delivery waits for the lock.
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == delivery.OrderId, ct);
        if (order?.Status == OrderStatus.Cancelled || delivery.Status == DeliveryStatus.Cancelled)
        {
            return WriteConflicts.Conflict("The order was cancelled: leave the food at the restaurant.", "orderId", delivery.OrderId.ToString());
        }
        if (!delivery.PickUp())
        {
            return WriteConflicts.Conflict($"A {delivery.Status} delivery cannot be picked up; only an Assigned one can.", "status", delivery.Status.ToString());
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, delivery, ct));
    }

    static Task<Results<Ok<DeliveryView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> Deliver(
        Guid id, ClaimsPrincipal user, DeliveryDb db, SyncOptions sync, TimeProvider time, CancellationToken ct) =>
        Dispatcher.ExclusivelyAsync(db, () => DeliverLocked(id, user.AccountId(), db, sync.Cluster, time, ct), ct);

    /// <summary>Drop-off frees the courier, who takes the delivery that has waited longest at once.</summary>
    static async Task<Results<Ok<DeliveryView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> DeliverLocked(
        Guid id, Guid courierId, DeliveryDb db, string cluster, TimeProvider time, CancellationToken ct)
    {
        if (await db.Deliveries.FirstOrDefaultAsync(d => d.Id == id, ct) is not { } delivery)
        {
            return TypedResults.NotFound();
        }
        if (delivery.CourierId != courierId)
        {
            return AccessProblems.NotYours("delivery", id);
        }
        if (!delivery.Deliver())
        {
            return WriteConflicts.Conflict($"A {delivery.Status} delivery cannot be delivered; only a PickedUp one can.", "status", delivery.Status.ToString());
        }
        await Dispatcher.ReleaseAsync(db, cluster, courierId, time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, delivery, ct));
    }

    static async Task<DeliveryView> ViewAsync(DeliveryDb db, CourierDelivery delivery, CancellationToken ct) =>
        DeliveryView.From(delivery, await db.Restaurants.AsNoTracking().FirstOrDefaultAsync(r => r.Id == delivery.RestaurantId, ct));
}
