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
        restaurants.MapPost("/", Create);
        restaurants.MapGet("/", List);
        restaurants.MapGet("/{id:guid}", Get);
        restaurants.MapPut("/{id:guid}", Update);
        restaurants.MapDelete("/{id:guid}", Delete);
        return app;
    }

    static async Task<Results<Created<RestaurantView>, Conflict<ProblemDetails>>> Create(
        NewRestaurant input, RestaurantsDb db, CancellationToken ct)
    {
        var restaurant = new Restaurant
        {
            OwnerId = input.OwnerId!.Value,
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
        return TypedResults.Created($"/restaurants/{restaurant.Id}", RestaurantView.From(restaurant));
    }

    static async Task<Ok<List<RestaurantView>>> List(RestaurantsDb db, Guid? ownerId, CancellationToken ct)
    {
        var query = db.Restaurants.AsNoTracking();
        if (ownerId is { } owner)
        {
            query = query.Where(r => r.OwnerId == owner);
        }
        var rows = await query.OrderBy(r => r.Name).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(RestaurantView.From).ToList());
    }

    static async Task<Results<Ok<RestaurantView>, NotFound>> Get(Guid id, RestaurantsDb db, CancellationToken ct) =>
        await db.Restaurants.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } restaurant
            ? TypedResults.Ok(RestaurantView.From(restaurant))
            : TypedResults.NotFound();

    static async Task<Results<Ok<RestaurantView>, NotFound, Conflict<ProblemDetails>>> Update(
        Guid id, RestaurantUpdate input, RestaurantsDb db, CancellationToken ct)
    {
        if (await db.Restaurants.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } restaurant)
        {
            return TypedResults.NotFound();
        }
        restaurant.Name = input.Name.Trim();
        restaurant.Address = input.Address.Trim();
        restaurant.Cuisine = input.Cuisine.Trim();
        restaurant.IsOpen = input.IsOpen!.Value;
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
            return WriteConflicts.ChangedMeanwhile("restaurant", id);
        }
        return TypedResults.Ok(RestaurantView.From(restaurant));
    }

    static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> Delete(Guid id, RestaurantsDb db, CancellationToken ct) =>
        await db.DeleteFoundAsync(await db.Restaurants.FirstOrDefaultAsync(r => r.Id == id, ct), "restaurant", id, ct);

    static Conflict<ProblemDetails> SameName(string name) =>
        WriteConflicts.Conflict("This owner already has a restaurant with that name.", "name", name);
}
