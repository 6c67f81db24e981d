namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class MenuApiTests(RunningSystem system)
{
    readonly HttpClient menu = system.Client("menu");

    [Fact]
    public async Task A_menu_item_is_created_read_updated_and_deleted_leaving_a_versioned_tombstone()
    {
        var items = $"/restaurants/{await system.CreateKnownToMenuAsync()}/items";
        var created = await menu.PostAsJsonAsync(items, new { name = "Margherita", priceMinor = 950, currency = "EUR" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, 950L, true), (created.Version(), created.GetProperty("priceMinor").GetInt64(), created.GetProperty("available").GetBoolean()));

        var updated = await menu.PutAsJsonAsync($"{items}/{created.Id()}", new { name = "Margherita", priceMinor = 1050, currency = "EUR", available = false })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, 1050L, false), (updated.Version(), updated.GetProperty("priceMinor").GetInt64(), updated.GetProperty("available").GetBoolean()));
        Assert.Single((await menu.GetAsync(items).ExpectAsync(HttpStatusCode.OK)).EnumerateArray());

        // The item is found only under its own restaurant.
        await menu.GetAsync($"/restaurants/{Guid.NewGuid()}/items/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);

        await menu.DeleteAsync($"{items}/{created.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await menu.GetAsync($"{items}/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((3L, true), await system.ReadRowAsync("menudb", "menu_items", created.Id()));
    }

    [Fact]
    public async Task A_restaurant_cannot_list_the_same_dish_twice()
    {
        var items = $"/restaurants/{await system.CreateKnownToMenuAsync()}/items";
        await menu.PostAsJsonAsync(items, new { name = "Ramen", priceMinor = 1200, currency = "GBP" }).ExpectAsync(HttpStatusCode.Created);
        await menu.PostAsJsonAsync(items, new { name = "Ramen", priceMinor = 1300, currency = "GBP" }).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_menu_item_input_is_refused_naming_each_field()
    {
        var items = $"/restaurants/{await system.CreateKnownToMenuAsync()}/items";
        await menu.PostAsJsonAsync(items, new { name = "", priceMinor = 0, currency = "euro" }).ExpectInvalidAsync("Name", "PriceMinor", "Currency");
        await menu.PostAsJsonAsync(items, new { name = "Huge", priceMinor = 10_000_000_000L, currency = "EUR" }).ExpectInvalidAsync("PriceMinor");
    }
}
