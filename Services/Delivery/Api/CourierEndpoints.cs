using FoodDelivery.Delivery.Data;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Api;

public static class CourierEndpoints
{
    public static IEndpointRouteBuilder MapCouriers(this IEndpointRouteBuilder app)
    {
        var couriers = app.MapGroup("/couriers").WithTags("Couriers");
        couriers.MapPut("/{courierId:guid}/availability", SetAvailability);
        couriers.MapGet("/", List);
        couriers.MapGet("/{courierId:guid}", Get);
        return app;
    }

    /// <summary>A courier appears here the first time they say whether they can take deliveries.</summary>
    static async Task<Results<Ok<CourierView>, Conflict<ProblemDetails>>> SetAvailability(
        Guid courierId, CourierAvailability input, DeliveryDb db, CancellationToken ct)
    {
        if (await db.Couriers.FirstOrDefaultAsync(c => c.Id == courierId, ct) is not { } courier)
        {
            courier = new Courier { Id = courierId };
            db.Couriers.Add(courier);
        }
        courier.Available = input.Available!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another request created this courier first.
            return WriteConflicts.ChangedMeanwhile("courier", courierId);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile("courier", courierId);
        }
        return TypedResults.Ok(CourierView.From(courier));
    }

    static async Task<Ok<List<CourierView>>> List(DeliveryDb db, bool? available, CancellationToken ct)
    {
        var query = db.Couriers.AsNoTracking();
        if (available is { } wanted)
        {
            query = query.Where(c => c.Available == wanted);
        }
        var rows = await query.OrderBy(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(CourierView.From).ToList());
    }

    static async Task<Results<Ok<CourierView>, NotFound>> Get(Guid courierId, DeliveryDb db, CancellationToken ct) =>
        await db.Couriers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == courierId, ct) is { } courier
            ? TypedResults.Ok(CourierView.From(courier))
            : TypedResults.NotFound();
}
