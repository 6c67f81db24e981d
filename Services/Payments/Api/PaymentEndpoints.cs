using System.Security.Claims;
using FoodDelivery.ApiConventions;
using FoodDelivery.Payments.Data;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Payments.Api;

/// <summary>
/// Read-only: payments are made and refunded by reacting to orders (Sync/OrderReaction), never by a
/// request. The paying customer is the order's customer, per payments' order replica.
/// </summary>
public static class PaymentEndpoints
{
    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/payments").WithTags("Payments").RequireAuthorization(Roles.Customer);
        payments.MapGet("/", ListMine);
        payments.MapGet("/{id:guid}", Get);
        return app;
    }

    static async Task<Results<Ok<Page<PaymentView>>, ProblemHttpResult>> ListMine(
        Guid? orderId, [AsParameters] PageRequest page, HttpContext http, ClaimsPrincipal user, PaymentsDb db, CancellationToken ct)
    {
        var customerId = user.AccountId();
        if (orderId is { } order && await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == order, ct) is { } known
            && known.CustomerId != customerId)
        {
            return AccessProblems.NotYours("order", order);
        }
        var mine = db.Payments.AsNoTracking()
            .Join(db.Orders.Where(o => o.CustomerId == customerId), p => p.OrderId, o => o.Id, (p, _) => p);
        if (orderId is { } only)
        {
            mine = mine.Where(p => p.OrderId == only);
        }
        var rows = await mine.PageAsync(p => p.Id, ListOrder.OldestFirst, page, http, ct);
        return TypedResults.Ok(rows.Select(PaymentView.From));
    }

    static async Task<Results<Ok<PaymentView>, NotFound, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, PaymentsDb db, CancellationToken ct)
    {
        if (await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is not { } payment)
        {
            return TypedResults.NotFound();
        }
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == payment.OrderId, ct);
        return order?.CustomerId == user.AccountId() ? TypedResults.Ok(PaymentView.From(payment)) : AccessProblems.NotYours("payment", id);
    }
}
