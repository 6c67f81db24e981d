using System.Security.Claims;
using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Data;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Api;

public static class CourierEndpoints
{
    public static IEndpointRouteBuilder MapCouriers(this IEndpointRouteBuilder app)
    {
        // A courier sees and sets only their own availability.
        var me = app.MapGroup("/couriers/me").WithTags("Couriers").RequireAuthorization(Roles.Courier);
        me.MapPut("/availability", SetAvailability).RequireActiveAccount();
        me.MapGet("/", Get);
        return app;
    }

    /// <summary>
    /// Going on duty makes an empty-handed courier available, and they take the delivery that has
    /// waited longest at once; going off duty takes them out of the queue (a delivery they carry stays theirs).
    /// </summary>
    static Task<Results<Ok<CourierView>, ProblemHttpResult>> SetAvailability(
        CourierAvailability input, ClaimsPrincipal user, DeliveryDb db, SyncOptions sync, TimeProvider time, CancellationToken ct) =>
        Dispatcher.ExclusivelyAsync(db, () => SetAvailabilityLocked(user.AccountId(), input.Available!.Value, db, sync.Cluster, time, ct), ct);

    static async Task<Results<Ok<CourierView>, ProblemHttpResult>> SetAvailabilityLocked(
        Guid courierId, bool available, DeliveryDb db, string cluster, TimeProvider time, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == courierId, ct);
        if (account is null || account.Role != Roles.Courier)
        {
            // Sign-up reaches delivery asynchronously: the account may be a moment away.
            return AccountProblems.AccountNotKnownYet(courierId, "delivery");
        }
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
