using System.Security.Claims;
using FoodDelivery.AccountGate;
using FoodDelivery.ApiConventions;
using FoodDelivery.Contracts;
using FoodDelivery.Orders.Data;
using FoodDelivery.Orders.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Orders.Api;

public static class OrderEndpoints
{
    /// <summary>A cancel that lost a race with a payment or delivery reaction reads the order again this many times.</summary>
    const int CancelAttempts = 3;

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        // A customer places, reads and cancels only their own orders.
        var orders = app.MapGroup("/orders").WithTags("Orders").RequireAuthorization(Roles.Customer);
        orders.MapPost("/", Place).RequireActiveAccount(AccountRole.Customer);
        orders.MapGet("/", ListMine);
        orders.MapGet("/{id:guid}", Get);
        orders.MapPost("/{id:guid}/cancel", Cancel).RequireActiveAccount(AccountRole.Customer);

        // A restaurant's owner (per orders' restaurant replica) sees what was ordered from it.
        app.MapGet("/restaurants/{restaurantId:guid}/orders", ListForRestaurant)
            .WithTags("Orders")
            .RequireAuthorization(Roles.RestaurantOwner);
        return app;
    }

    /// <summary>
    /// Prices the lines from orders' own replicas of accounts (the gate's), restaurants and menu items: never by
    /// asking another service, so an order can be placed while menu or restaurants are down.
    /// </summary>
    static async Task<Results<Created<OrderView>, ValidationProblem, Conflict<ProblemDetails>>> Place(
        NewOrder input, ActiveAccount customer, OrdersDb db, CancellationToken ct)
    {
        var customerId = customer.Id;
        var restaurantId = input.RestaurantId!.Value;
        var restaurant = await db.Restaurants.AsNoTracking().FirstOrDefaultAsync(r => r.Id == restaurantId, ct);
        if (restaurant is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["restaurantId"] = [$"Orders knows no restaurant {restaurantId} (yet)."] },
                title: "Unknown restaurant.");
        }
        if (!restaurant.IsOpen)
        {
            return OrderProblems.Conflict("The restaurant is closed.", "restaurantId", $"{restaurant.Name} ({restaurantId}) is closed.");
        }

        var requested = input.Lines.Select(line => (MenuItemId: line.MenuItemId!.Value, Quantity: line.Quantity!.Value)).ToList();
        var itemIds = requested.Select(line => line.MenuItemId).Distinct().ToList();
        var items = await db.MenuItems.AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new PricedItem(i.Id, i.RestaurantId, i.Name, i.PriceMinor, i.Currency, i.Available))
            .ToDictionaryAsync(i => i.Id, ct);
        var quote = OrderPricing.Quote(restaurantId, requested, items);
        if (quote.Unknown.Count > 0)
        {
            return TypedResults.ValidationProblem(quote.Unknown, title: "Some lines name no menu item of this restaurant.");
        }
        if (quote.Unavailable.Count > 0)
        {
            return OrderProblems.Conflict("Some menu items are not available.", quote.Unavailable);
        }
        if (quote.Currencies.Count > 1)
        {
            return OrderProblems.Conflict("The items are priced in different currencies.", "lines",
                $"The items are priced in {string.Join(", ", quote.Currencies)}: one order is paid in one currency.");
        }

        // The price snapshot: later menu changes do not touch this order.
        var order = Order.Place(customerId, restaurantId, quote.Currencies[0], quote.Lines);
        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/orders/{order.Id}", OrderView.From(order));
    }

    static async Task<Ok<Page<OrderView>>> ListMine(
        [AsParameters] PageRequest page, HttpContext http, ClaimsPrincipal user, OrdersDb db, CancellationToken ct)
    {
        var customerId = user.AccountId();
        var rows = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId)
            .PageAsync(o => o.Id, ListOrder.NewestFirst, page, http, ct);
        return TypedResults.Ok(rows.Select(OrderView.From));
    }

    static async Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, OrdersDb db, CancellationToken ct)
    {
        if (await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is not { } order)
        {
            return TypedResults.NotFound();
        }
        return order.CustomerId == user.AccountId() ? TypedResults.Ok(OrderView.From(order)) : AccessProblems.NotYours("order", id);
    }

    static async Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> Cancel(
        Guid id, ClaimsPrincipal user, OrdersDb db, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct) is not { } order)
            {
                return TypedResults.NotFound();
            }
            if (order.CustomerId != user.AccountId())
            {
                return AccessProblems.NotYours("order", id);
            }
            // The order's own status lags delivery's by one event: the delivery replica may already say picked up.
            var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.OrderId == id).ToListAsync(ct);
            if (deliveries.Any(d => d.HasLeftTheRestaurant) || !order.Cancel())
            {
                return WriteConflicts.Conflict(
                    "The order can no longer be cancelled: only a placed or paid order the courier has not picked up can be.",
                    "status", deliveries.Any(d => d.HasLeftTheRestaurant) ? "picked up" : order.Status.ToString());
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(OrderView.From(order));
            }
            catch (DbUpdateConcurrencyException) when (attempt < CancelAttempts)
            {
                // A payment or delivery reaction moved the order meanwhile: decide again from its new state.
            }
            catch (DbUpdateConcurrencyException)
            {
                return WriteConflicts.ChangedMeanwhile("order", id);
            }
        }
    }

    static async Task<Results<Ok<Page<OrderView>>, NotFound, ProblemHttpResult>> ListForRestaurant(
        Guid restaurantId, [AsParameters] PageRequest page, HttpContext http, ClaimsPrincipal user, OrdersDb db, CancellationToken ct)
    {
        var restaurant = await db.Restaurants.AsNoTracking().FirstOrDefaultAsync(r => r.Id == restaurantId, ct);
        if (restaurant is null)
        {
            return TypedResults.NotFound();
        }
        if (restaurant.OwnerId != user.AccountId())
        {
            return AccessProblems.NotYours("restaurant", restaurantId);
        }
        var rows = await db.Orders.AsNoTracking().Where(o => o.RestaurantId == restaurantId)
            .PageAsync(o => o.Id, ListOrder.NewestFirst, page, http, ct);
        return TypedResults.Ok(rows.Select(OrderView.From));
    }
}
