using System.Security.Claims;
using FoodDelivery.AccountGate;
using FoodDelivery.ApiConventions;
using FoodDelivery.Contracts;
using FoodDelivery.Menu.Data;
using FoodDelivery.Menu.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Menu.Api;

public static class MenuItemEndpoints
{
    public static IEndpointRouteBuilder MapMenuItems(this IEndpointRouteBuilder app)
    {
        // Items live under their restaurant: an item id only resolves within its own restaurant.
        var items = app.MapGroup("/restaurants/{restaurantId:guid}/items").WithTags("Menu items");
        items.MapGet("/", List);
        items.MapGet("/{id:guid}", Get);
        // Only the restaurant's owner, per menu's replica of restaurants, changes its menu.
        var owners = items.MapGroup("/").RequireAuthorization(Roles.RestaurantOwner).RequireActiveAccount(AccountRole.RestaurantOwner);
        owners.MapPost("/", Create);
        owners.MapPut("/{id:guid}", Update);
        owners.MapDelete("/{id:guid}", Delete);
        return app;
    }

    static async Task<Results<Created<MenuItemView>, ValidationProblem, ProblemHttpResult, Conflict<ProblemDetails>>> Create(
        Guid restaurantId, NewMenuItem input, ClaimsPrincipal user, MenuDb db, CancellationToken ct)
    {
        // Checked against menu's own replica of restaurants, never by asking restaurants over HTTP.
        var restaurant = await db.RestaurantReplicas.AsNoTracking().FirstOrDefaultAsync(r => r.Id == restaurantId, ct);
        if (restaurant is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["restaurantId"] = [$"Menu knows no restaurant {restaurantId} (yet)."] },
                title: "Unknown restaurant.");
        }
        if (restaurant.OwnerId != user.AccountId())
        {
            return AccessProblems.NotYours("restaurant", restaurantId);
        }
        if (!restaurant.IsOpen)
        {
            return WriteConflicts.Conflict("The restaurant is closed: open it before adding menu items.", "restaurantId", restaurantId.ToString());
        }

        var item = new MenuItem
        {
            RestaurantId = restaurantId,
            Name = input.Name.Trim(),
            PriceMinor = input.PriceMinor!.Value,
            Currency = input.Currency,
            Available = input.Available,
        };
        db.MenuItems.Add(item);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return SameName(item.Name);
        }
        return TypedResults.Created($"/restaurants/{restaurantId}/items/{item.Id}", MenuItemView.From(item));
    }

    static async Task<Ok<Page<MenuItemView>>> List(
        Guid restaurantId, [AsParameters] PageRequest page, HttpContext http, MenuDb db, CancellationToken ct)
    {
        // By id (the order items were added in), not by name: a cursor needs a unique, stable order.
        var rows = await db.MenuItems.AsNoTracking()
            .Where(i => i.RestaurantId == restaurantId)
            .PageAsync(i => i.Id, ListOrder.OldestFirst, page, http, ct);
        return TypedResults.Ok(rows.Select(MenuItemView.From));
    }

    static async Task<Results<Ok<MenuItemView>, NotFound>> Get(Guid restaurantId, Guid id, MenuDb db, CancellationToken ct) =>
        await db.MenuItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.RestaurantId == restaurantId, ct) is { } item
            ? TypedResults.Ok(MenuItemView.From(item))
            : TypedResults.NotFound();

    static async Task<Results<Ok<MenuItemView>, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> Update(
        Guid restaurantId, Guid id, MenuItemUpdate input, ClaimsPrincipal user, MenuDb db, CancellationToken ct)
    {
        if (await Find(db, restaurantId, id, ct) is not { } item)
        {
            return TypedResults.NotFound();
        }
        if (!await OwnsRestaurantAsync(db, restaurantId, user, ct))
        {
            return AccessProblems.NotYours("restaurant", restaurantId);
        }
        item.Name = input.Name.Trim();
        item.PriceMinor = input.PriceMinor!.Value;
        item.Currency = input.Currency;
        item.Available = input.Available!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return SameName(item.Name);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile("menu item", id);
        }
        return TypedResults.Ok(MenuItemView.From(item));
    }

    static async Task<Results<NoContent, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> Delete(
        Guid restaurantId, Guid id, ClaimsPrincipal user, MenuDb db, CancellationToken ct)
    {
        var owns = await OwnsRestaurantAsync(db, restaurantId, user, ct);
        return await db.DeleteAsOwnerAsync(await Find(db, restaurantId, id, ct), _ => owns, "menu item", id, ct);
    }

    static Task<bool> OwnsRestaurantAsync(MenuDb db, Guid restaurantId, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = user.AccountId();
        return db.RestaurantReplicas.AnyAsync(r => r.Id == restaurantId && r.OwnerId == caller, ct);
    }

    static Task<MenuItem?> Find(MenuDb db, Guid restaurantId, Guid id, CancellationToken ct) =>
        db.MenuItems.FirstOrDefaultAsync(i => i.Id == id && i.RestaurantId == restaurantId, ct);

    static Conflict<ProblemDetails> SameName(string name) =>
        WriteConflicts.Conflict("This restaurant's menu already has an item with that name.", "name", name);
}
