using System.Security.Claims;
using FoodDelivery.AccountGate;
using FoodDelivery.ApiConventions;
using FoodDelivery.Contracts;
using FoodDelivery.Reviews.Data;
using FoodDelivery.Reviews.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Reviews.Api;

public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviews(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/reviews").WithTags("Reviews");
        // Reviews are public; only the customer who ordered writes, edits or deletes one.
        reviews.MapGet("/", List);
        reviews.MapGet("/{id:guid}", Get);
        // Writes only by an account reviews knows as active (its replica of accounts).
        var customers = reviews.MapGroup("/").RequireAuthorization(Roles.Customer).RequireActiveAccount(AccountRole.Customer);
        customers.MapPost("/", Create);
        customers.MapPut("/{id:guid}", Update);
        customers.MapDelete("/{id:guid}", Delete);
        return app;
    }

    static async Task<Results<Created<ReviewView>, ValidationProblem, ProblemHttpResult, Conflict<ProblemDetails>>> Create(
        NewReview input, ClaimsPrincipal user, ReviewsDb db, CancellationToken ct)
    {
        // Checked against reviews' own replica of orders, never by asking orders.
        var orderId = input.OrderId!.Value;
        var order = await db.OrderReplicas.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && !o.Deleted, ct);
        if (order is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["orderId"] = [$"Reviews knows no order {orderId} (yet)."] },
                title: "Unknown order.");
        }
        if (order.CustomerId != user.AccountId())
        {
            return AccessProblems.NotYours("order", orderId);
        }
        if (order.Status != OrderStatus.Delivered)
        {
            return WriteConflicts.Conflict("Only a delivered order can be reviewed.", "orderId", $"{orderId} is {order.Status}");
        }
        var review = new Review
        {
            OrderId = orderId,
            CustomerId = order.CustomerId,
            RestaurantId = order.RestaurantId,
            Stars = input.Stars!.Value,
            Text = input.Text?.Trim() ?? "",
        };
        db.Reviews.Add(review);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return WriteConflicts.Conflict("This order already has a review.", "orderId", review.OrderId.ToString());
        }
        return TypedResults.Created($"/reviews/{review.Id}", ReviewView.From(review));
    }

    static async Task<Ok<Page<ReviewView>>> List(
        ReviewsDb db, Guid? restaurantId, Guid? customerId, [AsParameters] PageRequest page, HttpContext http, CancellationToken ct)
    {
        var query = db.Reviews.AsNoTracking();
        if (restaurantId is { } restaurant)
        {
            query = query.Where(r => r.RestaurantId == restaurant);
        }
        if (customerId is { } customer)
        {
            query = query.Where(r => r.CustomerId == customer);
        }
        var rows = await query.PageAsync(r => r.Id, ListOrder.NewestFirst, page, http, ct);
        return TypedResults.Ok(rows.Select(ReviewView.From));
    }

    static async Task<Results<Ok<ReviewView>, NotFound>> Get(Guid id, ReviewsDb db, CancellationToken ct) =>
        await db.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } review
            ? TypedResults.Ok(ReviewView.From(review))
            : TypedResults.NotFound();

    static async Task<Results<Ok<ReviewView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> Update(
        Guid id, ReviewUpdate input, ClaimsPrincipal user, ReviewsDb db, CancellationToken ct)
    {
        if (await db.Reviews.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } review)
        {
            return TypedResults.NotFound();
        }
        if (review.CustomerId != user.AccountId())
        {
            return AccessProblems.NotYours("review", id);
        }
        review.Stars = input.Stars!.Value;
        review.Text = input.Text?.Trim() ?? "";
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile("review", id);
        }
        return TypedResults.Ok(ReviewView.From(review));
    }

    static async Task<Results<NoContent, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> Delete(
        Guid id, ClaimsPrincipal user, ReviewsDb db, CancellationToken ct) =>
        await db.DeleteAsOwnerAsync(await db.Reviews.FirstOrDefaultAsync(r => r.Id == id, ct),
            review => review.CustomerId == user.AccountId(), "review", id, ct);
}
