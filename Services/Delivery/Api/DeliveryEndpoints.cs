using FoodDelivery.Delivery.Data;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Api;

public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder app)
    {
        var deliveries = app.MapGroup("/deliveries").WithTags("Deliveries");
        deliveries.MapPost("/", Create);
        deliveries.MapGet("/", List);
        deliveries.MapGet("/{id:guid}", Get);
        deliveries.MapPut("/{id:guid}/status", ChangeStatus);
        deliveries.MapDelete("/{id:guid}", Delete);
        return app;
    }

    static async Task<Results<Created<DeliveryView>, Conflict<ProblemDetails>>> Create(
        NewDelivery input, DeliveryDb db, CancellationToken ct)
    {
        var delivery = CourierDelivery.Create(input.OrderId!.Value, input.CourierId);
        db.Deliveries.Add(delivery);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return WriteConflicts.Conflict("This order already has a delivery.", "orderId", delivery.OrderId.ToString());
        }
        return TypedResults.Created($"/deliveries/{delivery.Id}", DeliveryView.From(delivery));
    }

    static async Task<Ok<List<DeliveryView>>> List(DeliveryDb db, Guid? courierId, Guid? orderId, CancellationToken ct)
    {
        var query = db.Deliveries.AsNoTracking();
        if (courierId is { } courier)
        {
            query = query.Where(d => d.CourierId == courier);
        }
        if (orderId is { } order)
        {
            query = query.Where(d => d.OrderId == order);
        }
        // Version 7 ids grow with time: oldest deliveries, the ones waiting longest, first.
        var rows = await query.OrderBy(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(DeliveryView.From).ToList());
    }

    static async Task<Results<Ok<DeliveryView>, NotFound>> Get(Guid id, DeliveryDb db, CancellationToken ct) =>
        await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) is { } delivery
            ? TypedResults.Ok(DeliveryView.From(delivery))
            : TypedResults.NotFound();

    static async Task<Results<Ok<DeliveryView>, ValidationProblem, NotFound, Conflict<ProblemDetails>>> ChangeStatus(
        Guid id, DeliveryStatusChange input, DeliveryDb db, CancellationToken ct)
    {
        var next = input.Status!.Value;
        if (next == DeliveryStatus.Assigned && input.CourierId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["CourierId"] = ["The CourierId field is required when the status is Assigned."],
            });
        }
        if (await db.Deliveries.FirstOrDefaultAsync(d => d.Id == id, ct) is not { } delivery)
        {
            return TypedResults.NotFound();
        }
        var current = delivery.Status;
        if (!delivery.MoveTo(next, input.CourierId))
        {
            var allowed = CourierDelivery.NextAfter(current) is { } step ? $"only to {step}" : "nowhere: it is finished";
            return WriteConflicts.Conflict($"A {current} delivery can move {allowed}.", "status", next.ToString());
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile("delivery", id);
        }
        return TypedResults.Ok(DeliveryView.From(delivery));
    }

    static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> Delete(Guid id, DeliveryDb db, CancellationToken ct) =>
        await db.DeleteFoundAsync(await db.Deliveries.FirstOrDefaultAsync(d => d.Id == id, ct), "delivery", id, ct);
}
