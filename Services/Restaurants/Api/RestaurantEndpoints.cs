using System.Security.Claims;
using FoodDelivery.AccountGate;
using FoodDelivery.ApiConventions;
using FoodDelivery.Contracts;
using FoodDelivery.Restaurants.Data;
using FoodDelivery.Restaurants.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Restaurants.Api;

public static class RestaurantEndpoints
{
    public static IEndpointRouteBuilder MapRestaurants(this IEndpointRouteBuilder app)
    {
        var restaurants = app.MapGroup("/restaurants").WithTags("Restaurants");
        // Anyone may browse restaurants; only owners change them, and only their own.
        restaurants.MapGet("/", List);
        restaurants.MapGet("/{id:guid}", Get);
        var owners = restaurants.MapGroup("/").RequireAuthorization(Roles.RestaurantOwner).RequireActiveAccount(AccountRole.RestaurantOwner);
        owners.MapPost("/", Create);
        owners.MapPut("/{id:guid}", Update);
        owners.MapPost("/{id:guid}/open", (Guid id, ClaimsPrincipal user, RestaurantsDb db, CancellationToken ct) => SetOpen(id, true, user, db, ct));
        owners.MapPost("/{id:guid}/close", (Guid id, ClaimsPrincipal user, RestaurantsDb db, CancellationToken ct) => SetOpen(id, false, user, db, ct));
        owners.MapDelete("/{id:guid}", Delete);
        return app;
    }

    /// <summary>The owner is an active restaurant owner of restaurants' own replica of accounts (the gate's), not asked of accounts.</summary>
    static async Task<Results<Created<RestaurantView>, Conflict<ProblemDetails>>> Create(
        NewRestaurant input, ActiveAccount owner, RestaurantsDb db, CancellationToken ct)
    {
        var restaurant = new Restaurant
        {
            OwnerId = owner.Id,
            Name = input.Name.Trim(),
            Address = input.Address.Trim(),
            Cuisine = input.Cuisine.Trim(),
            IsOpen = input.IsOpen,
        };
        db.Restaurants.Add(restaurant);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return SameName(restaurant.Name);
        }
        return TypedResults.Created($"/restaurants/{restaurant.Id}", RestaurantView.From(restaurant, new RatingView(0, null)));
    }

    static async Task<Ok<Page<RestaurantView>>> List(
        RestaurantsDb db, Guid? ownerId, [AsParameters] PageRequest page, HttpContext http, CancellationToken ct)
    {
        var query = db.Restaurants.AsNoTracking();
        if (ownerId is { } owner)
        {
            query = query.Where(r => r.OwnerId == owner);
        }
        // By id (creation order), not by name: a cursor needs a unique, stable order.
        var rows = await query.PageAsync(r => r.Id, ListOrder.OldestFirst, page, http, ct);
        var ratings = await db.RatingsAsync(rows.Items.Select(r => r.Id).ToList(), ct);
        return TypedResults.Ok(rows.Select(r => RestaurantView.From(r, ratings.For(r.Id))));
    }

    static async Task<Results<Ok<RestaurantView>, NotFound>> Get(Guid id, RestaurantsDb db, CancellationToken ct) =>
        await db.Restaurants.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } restaurant
            ? TypedResults.Ok(RestaurantView.From(restaurant, await db.OfAsync(id, ct)))
            : TypedResults.NotFound();

    static async Task<Results<Ok<RestaurantView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> Update(
        Guid id, RestaurantUpdate input, ClaimsPrincipal user, RestaurantsDb db, CancellationToken ct)
    {
        if (await db.Restaurants.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } restaurant)
        {
            return TypedResults.NotFound();
        }
        if (restaurant.OwnerId != user.AccountId())
        {
            return AccessProblems.NotYours("restaurant", id);
        }
        restaurant.Name = input.Name.Trim();
        restaurant.Address = input.Address.Trim();
        restaurant.Cuisine = input.Cuisine.Trim();
        restaurant.IsOpen = input.IsOpen!.Value;
        return await SaveAsync(restaurant, db, ct);
    }

    static async Task<Results<Ok<RestaurantView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> SetOpen(
        Guid id, bool open, ClaimsPrincipal user, RestaurantsDb db, CancellationToken ct)
    {
        if (await db.Restaurants.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } restaurant)
        {
            return TypedResults.NotFound();
        }
        if (restaurant.OwnerId != user.AccountId())
        {
            return AccessProblems.NotYours("restaurant", id);
        }
        restaurant.IsOpen = open;
        return await SaveAsync(restaurant, db, ct);
    }

    static async Task<Results<NoContent, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> Delete(
        Guid id, ClaimsPrincipal user, RestaurantsDb db, CancellationToken ct) =>
        await db.DeleteAsOwnerAsync(await db.Restaurants.FirstOrDefaultAsync(r => r.Id == id, ct),
            restaurant => restaurant.OwnerId == user.AccountId(), "restaurant", id, ct);

    static async Task<Results<Ok<RestaurantView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> SaveAsync(
        Restaurant restaurant, RestaurantsDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return SameName(restaurant.Name);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile("restaurant", restaurant.Id);
        }
        return TypedResults.Ok(RestaurantView.From(restaurant, await db.OfAsync(restaurant.Id, ct)));
    }

    static Conflict<ProblemDetails> SameName(string name) =>
        WriteConflicts.Conflict("This owner already has a restaurant with that name.", "name", name);
}
