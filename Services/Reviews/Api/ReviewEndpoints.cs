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
        reviews.MapPost("/", Create);
        reviews.MapGet("/", List);
        reviews.MapGet("/{id:guid}", Get);
        reviews.MapPut("/{id:guid}", Update);
        reviews.MapDelete("/{id:guid}", Delete);
        return app;
    }

    static async Task<Results<Created<ReviewView>, Conflict<ProblemDetails>>> Create(
        NewReview input, ReviewsDb db, CancellationToken ct)
    {
        var review = new Review
        {
            OrderId = input.OrderId!.Value,
            CustomerId = input.CustomerId!.Value,
            RestaurantId = input.RestaurantId!.Value,
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

    static async Task<Ok<List<ReviewView>>> List(ReviewsDb db, Guid? restaurantId, Guid? customerId, CancellationToken ct)
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
        // Version 7 ids grow with time, so this lists the newest reviews first.
        var rows = await query.OrderByDescending(r => r.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(ReviewView.From).ToList());
    }

    static async Task<Results<Ok<ReviewView>, NotFound>> Get(Guid id, ReviewsDb db, CancellationToken ct) =>
        await db.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } review
            ? TypedResults.Ok(ReviewView.From(review))
            : TypedResults.NotFound();

    static async Task<Results<Ok<ReviewView>, NotFound, Conflict<ProblemDetails>>> Update(
        Guid id, ReviewUpdate input, ReviewsDb db, CancellationToken ct)
    {
        if (await db.Reviews.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } review)
        {
            return TypedResults.NotFound();
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

    static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> Delete(Guid id, ReviewsDb db, CancellationToken ct) =>
        await db.DeleteFoundAsync(await db.Reviews.FirstOrDefaultAsync(r => r.Id == id, ct), "review", id, ct);
}
