using System.Security.Claims;
using FoodDelivery.AccountGate;
using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Data;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync.Registration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Api;

public static class CourierEndpoints
{
    public static IEndpointRouteBuilder MapCouriers(this IEndpointRouteBuilder app)
    {
        // A courier sees and sets only their own availability.
        var me = app.MapGroup("/couriers/me").WithTags("Couriers").RequireAuthorization(Roles.Courier);
        me.MapPut("/availability", SetAvailability).RequireActiveAccount(AccountRole.Courier);
        me.MapGet("/", Get);
        return app;
    }

    /// <summary>
    /// Going on duty makes an empty-handed courier available, and they take the delivery that has
    /// waited longest at once; going off duty takes them out of the queue (a delivery they carry stays theirs).
    /// </summary>
    static Task<Ok<CourierView>> SetAvailability(
        CourierAvailability input, ActiveAccount courier, DeliveryDb db, SyncOptions sync, TimeProvider time, CancellationToken ct) =>
        Dispatcher.ExclusivelyAsync(db, () => SetAvailabilityLocked(courier.Id, input.Available!.Value, db, sync.Cluster, time, ct), ct);

    static async Task<Ok<CourierView>> SetAvailabilityLocked(
        Guid courierId, bool available, DeliveryDb db, string cluster, TimeProvider time, CancellationToken ct)
    {
        if (await db.Couriers.FirstOrDefaultAsync(c => c.Id == courierId, ct) is not { } courier)
        {
            courier = new Courier { Id = courierId };
            db.Couriers.Add(courier);
        }
        courier.SetOnDuty(available, time.GetUtcNow());
        await Dispatcher.AssignNextAsync(db, cluster, courier, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CourierView.From(courier));
    }

    static async Task<Results<Ok<CourierView>, NotFound>> Get(ClaimsPrincipal user, DeliveryDb db, CancellationToken ct) =>
        await db.Couriers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == user.AccountId(), ct) is { } courier
            ? TypedResults.Ok(CourierView.From(courier))
            : TypedResults.NotFound();
}
