using FoodDelivery.Orders.Data;
using FoodDelivery.Orders.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Orders.Api;

public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("/", Place);
        orders.MapGet("/", List);
        orders.MapGet("/{id:guid}", Get);
        orders.MapPost("/{id:guid}/cancel", Cancel);
        orders.MapDelete("/{id:guid}", Delete);
        return app;
    }

    static async Task<Created<OrderView>> Place(NewOrder input, OrdersDb db, CancellationToken ct)
    {
        var order = Order.Place(
            input.CustomerId!.Value,
            input.RestaurantId!.Value,
            input.Currency,
            input.Lines.Select(l => new OrderLine
            {
                MenuItemId = l.MenuItemId!.Value,
                Name = l.Name.Trim(),
                UnitPriceMinor = l.UnitPriceMinor!.Value,
                Quantity = l.Quantity!.Value,
            }));
        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/orders/{order.Id}", OrderView.From(order));
    }

    static async Task<Ok<List<OrderView>>> List(OrdersDb db, Guid? customerId, Guid? restaurantId, CancellationToken ct)
    {
        var query = db.Orders.AsNoTracking();
        if (customerId is { } customer)
        {
            query = query.Where(o => o.CustomerId == customer);
        }
        if (restaurantId is { } restaurant)
        {
            query = query.Where(o => o.RestaurantId == restaurant);
        }
        // Version 7 ids grow with time: newest orders first.
        var rows = await query.OrderByDescending(o => o.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(OrderView.From).ToList());
    }

    static async Task<Results<Ok<OrderView>, NotFound>> Get(Guid id, OrdersDb db, CancellationToken ct) =>
        await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } order
            ? TypedResults.Ok(OrderView.From(order))
            : TypedResults.NotFound();

    static async Task<Results<Ok<OrderView>, NotFound, Conflict<ProblemDetails>>> Cancel(Guid id, OrdersDb db, CancellationToken ct)
    {
        if (await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct) is not { } order)
        {
            return TypedResults.NotFound();
        }
        if (!order.Cancel())
        {
            return WriteConflicts.Conflict(
                "The order can no longer be cancelled: only orders not yet out for delivery, delivered or cancelled can be.",
                "status", order.Status.ToString());
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile("order", id);
        }
        return TypedResults.Ok(OrderView.From(order));
    }

    static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> Delete(Guid id, OrdersDb db, CancellationToken ct) =>
        await db.DeleteFoundAsync(await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct), "order", id, ct);
}
