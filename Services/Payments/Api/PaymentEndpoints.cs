using FoodDelivery.Payments.Data;
using FoodDelivery.Payments.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Payments.Api;

public static class PaymentEndpoints
{
    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/payments").WithTags("Payments");
        payments.MapPost("/", Create);
        payments.MapGet("/", List);
        payments.MapGet("/{id:guid}", Get);
        payments.MapPut("/{id:guid}/status", ChangeStatus);
        payments.MapDelete("/{id:guid}", Delete);
        return app;
    }

    static async Task<Results<Created<PaymentView>, Conflict<ProblemDetails>>> Create(
        NewPayment input, PaymentsDb db, CancellationToken ct)
    {
        var payment = new Payment
        {
            OrderId = input.OrderId!.Value,
            AmountMinor = input.AmountMinor!.Value,
            Currency = input.Currency,
        };
        db.Payments.Add(payment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return WriteConflicts.Conflict("This order already has a payment.", "orderId", payment.OrderId.ToString());
        }
        return TypedResults.Created($"/payments/{payment.Id}", PaymentView.From(payment));
    }

    static async Task<Ok<List<PaymentView>>> List(PaymentsDb db, Guid? orderId, CancellationToken ct)
    {
        var query = db.Payments.AsNoTracking();
        if (orderId is { } order)
        {
            query = query.Where(p => p.OrderId == order);
        }
        // Version 7 ids sort by creation time.
        var rows = await query.OrderBy(p => p.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(PaymentView.From).ToList());
    }

    static async Task<Results<Ok<PaymentView>, NotFound>> Get(Guid id, PaymentsDb db, CancellationToken ct) =>
        await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } payment
            ? TypedResults.Ok(PaymentView.From(payment))
            : TypedResults.NotFound();

    static async Task<Results<Ok<PaymentView>, NotFound, Conflict<ProblemDetails>>> ChangeStatus(
        Guid id, PaymentStatusChange input, PaymentsDb db, CancellationToken ct)
    {
        if (await db.Payments.FirstOrDefaultAsync(p => p.Id == id, ct) is not { } payment)
        {
            return TypedResults.NotFound();
        }
        var next = input.Status!.Value;
        if (!payment.CanMoveTo(next))
        {
            return WriteConflicts.Conflict(
                $"A payment cannot move from {payment.Status} to {next}; allowed: Authorised to Captured or Failed, Captured to Refunded.",
                "status", next.ToString());
        }
        payment.Status = next;
        // A reason only explains a failure; other moves carry none.
        payment.FailureReason = next == PaymentStatus.Failed && !string.IsNullOrWhiteSpace(input.FailureReason)
            ? input.FailureReason.Trim()
            : null;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile("payment", id);
        }
        return TypedResults.Ok(PaymentView.From(payment));
    }

    static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> Delete(Guid id, PaymentsDb db, CancellationToken ct) =>
        await db.DeleteFoundAsync(await db.Payments.FirstOrDefaultAsync(p => p.Id == id, ct), "payment", id, ct);
}
