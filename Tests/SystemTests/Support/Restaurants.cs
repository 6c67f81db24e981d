namespace FoodDelivery.SystemTests;

/// <summary>Restaurants and menu items made through the restaurants and menu APIs, as their owner makes them.</summary>
public static class Restaurants
{
    /// <summary>Creates a restaurant owned by <paramref name="owner"/>, once restaurants knows the owner's account.</summary>
    public static async Task<Guid> CreateRestaurantAsync(this IServiceCluster system, Caller owner, bool isOpen = true, string? name = null)
    {
        await system.AccountKnownToAsync(owner, "restaurantsdb");
        using var restaurants = system.Client("restaurants", owner);
        var created = await restaurants.PostAsJsonAsync("/restaurants", new
        {
            name = name ?? $"Restaurant {Guid.NewGuid():N}",
            address = "1 Test Street",
            cuisine = "Test",
            isOpen,
        }).ExpectAsync(HttpStatusCode.Created);
        return created.Id();
    }

    /// <summary>Adds an item to the owner's open restaurant, once menu knows the restaurant.</summary>
    public static async Task<Guid> CreateMenuItemAsync(
        this IServiceCluster system, Caller owner, Guid restaurantId, long priceMinor, string currency = "EUR", bool available = true, string? name = null)
    {
        await system.MenuRestaurantAtAsync(restaurantId, 1);
        using var menu = system.Client("menu", owner);
        var created = await menu.PostAsJsonAsync($"/restaurants/{restaurantId}/items",
                new { name = name ?? $"Dish {Guid.NewGuid():N}", priceMinor, currency, available })
            .ExpectAsync(HttpStatusCode.Created);
        return created.Id();
    }

    /// <summary>A restaurant of the system's shared owner, for tests that need some restaurant.</summary>
    public static async Task<Guid> CreateAsync(this RunningSystem system, bool isOpen = true, string? name = null) =>
        await system.CreateRestaurantAsync(await system.SharedOwnerAsync(), isOpen, name);

    /// <summary>Edits a restaurant of the shared owner; returns the new version.</summary>
    public static async Task<long> UpdateAsync(this RunningSystem system, Guid id, string name, bool isOpen)
    {
        using var restaurants = system.Client("restaurants", await system.SharedOwnerAsync());
        var updated = await restaurants.PutAsJsonAsync($"/restaurants/{id}", new { name, address = "1 Test Street", cuisine = "Test", isOpen })
            .ExpectAsync(HttpStatusCode.OK);
        return updated.Version();
    }

    /// <summary>An open restaurant of the shared owner that menu's replica already knows.</summary>
    public static async Task<Guid> CreateKnownToMenuAsync(this RunningSystem system)
    {
        var id = await system.CreateAsync(isOpen: true);
        await system.MenuRestaurantAtAsync(id, 1);
        return id;
    }
}
