namespace FoodDelivery.SystemTests;

// Stand-ins for the lead's helpers of the same signatures, until main's owner-checked restaurants
// and menu land; delete this file after merging main.
public static class LifecycleStubs
{
    public static async Task<Guid> CreateRestaurantAsync(this RunningSystem system, Caller owner, bool isOpen = true)
    {
        using var restaurants = system.Client("restaurants", owner);
        var created = await restaurants.PostAsJsonAsync("/restaurants", new
        {
            ownerId = owner.Id,
            name = $"Restaurant {Guid.NewGuid():N}",
            address = "1 Test Street",
            cuisine = "Test",
            isOpen,
        }).ExpectAsync(HttpStatusCode.Created);
        await system.MenuRestaurantAtAsync(created.Id(), 1);
        return created.Id();
    }

    public static async Task<Guid> CreateMenuItemAsync(
        this RunningSystem system, Caller owner, Guid restaurantId, long priceMinor, string currency = "EUR", bool available = true)
    {
        using var menu = system.Client("menu", owner);
        var created = await menu.PostAsJsonAsync($"/restaurants/{restaurantId}/items",
            new { name = $"Dish {Guid.NewGuid():N}", priceMinor, currency, available }).ExpectAsync(HttpStatusCode.Created);
        return created.Id();
    }
}
