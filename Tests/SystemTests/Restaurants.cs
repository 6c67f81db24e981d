namespace FoodDelivery.SystemTests;

/// <summary>Restaurants made through the restaurants API, the only way an owner makes them.</summary>
public static class Restaurants
{
    public static async Task<Guid> CreateAsync(this RunningSystem system, bool isOpen = true, string? name = null)
    {
        using var restaurants = system.Client("restaurants");
        var created = await restaurants.PostAsJsonAsync("/restaurants", new
        {
            ownerId = Guid.NewGuid(),
            name = name ?? $"Restaurant {Guid.NewGuid():N}",
            address = "1 Test Street",
            cuisine = "Test",
            isOpen,
        }).ExpectAsync(HttpStatusCode.Created);
        return created.Id();
    }

    public static async Task<long> UpdateAsync(this RunningSystem system, Guid id, string name, bool isOpen)
    {
        using var restaurants = system.Client("restaurants");
        var updated = await restaurants.PutAsJsonAsync($"/restaurants/{id}", new { name, address = "1 Test Street", cuisine = "Test", isOpen })
            .ExpectAsync(HttpStatusCode.OK);
        return updated.Version();
    }

    /// <summary>An open restaurant that menu's replica already knows.</summary>
    public static async Task<Guid> CreateKnownToMenuAsync(this RunningSystem system)
    {
        var id = await system.CreateAsync(isOpen: true);
        await system.MenuRestaurantAtAsync(id, 1);
        return id;
    }
}
