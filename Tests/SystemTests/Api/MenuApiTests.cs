namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class MenuApiTests(RunningSystem system)
{
    readonly HttpClient anonymous = system.Client("menu");

    async Task<HttpClient> OwnerAsync() => system.Client("menu", await system.SharedOwnerAsync());

    [Fact]
    public async Task A_menu_item_is_created_read_updated_and_deleted_leaving_a_versioned_tombstone()
    {
        using var menu = await OwnerAsync();
        var items = $"/restaurants/{await system.CreateKnownToMenuAsync()}/items";
        var created = await menu.PostAsJsonAsync(items, new { name = "Margherita", priceMinor = 950, currency = "EUR" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, 950L, true), (created.Version(), created.GetProperty("priceMinor").GetInt64(), created.GetProperty("available").GetBoolean()));

        var updated = await menu.PutAsJsonAsync($"{items}/{created.Id()}", new { name = "Margherita", priceMinor = 1050, currency = "EUR", available = false })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, 1050L, false), (updated.Version(), updated.GetProperty("priceMinor").GetInt64(), updated.GetProperty("available").GetBoolean()));
        Assert.Single((await anonymous.GetAsync(items).ExpectAsync(HttpStatusCode.OK)).Items());

        // The item is found only under its own restaurant.
        await anonymous.GetAsync($"/restaurants/{Guid.NewGuid()}/items/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);

        await menu.DeleteAsync($"{items}/{created.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await anonymous.GetAsync($"{items}/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((3L, true), await system.ReadRowAsync("menudb", "menu_items", created.Id()));
    }

    [Fact]
    public async Task Only_the_restaurants_owner_changes_its_menu()
    {
        var restaurantId = await system.CreateKnownToMenuAsync();
        var items = $"/restaurants/{restaurantId}/items";
        var itemId = await system.CreateMenuItemAsync(await system.SharedOwnerAsync(), restaurantId, 700);
        var item = new { name = "Stolen", priceMinor = 1, currency = "EUR", available = true };

        await anonymous.PostAsJsonAsync(items, item).ExpectAsync(HttpStatusCode.Unauthorized);
        await anonymous.PutAsJsonAsync($"{items}/{itemId}", item).ExpectAsync(HttpStatusCode.Unauthorized);
        using var asCourier = system.Client("menu", await system.SignUpAsync(Callers.Courier));
        await asCourier.PostAsJsonAsync(items, item).ExpectAsync(HttpStatusCode.Forbidden);
        using var asOtherOwner = system.Client("menu", await system.SignUpAsync(Callers.RestaurantOwner));
        await asOtherOwner.PostAsJsonAsync(items, item).ExpectAsync(HttpStatusCode.Forbidden);
        await asOtherOwner.PutAsJsonAsync($"{items}/{itemId}", item).ExpectAsync(HttpStatusCode.Forbidden);
        await asOtherOwner.DeleteAsync($"{items}/{itemId}").ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal(700, (await anonymous.GetAsync($"{items}/{itemId}").ExpectAsync(HttpStatusCode.OK)).GetProperty("priceMinor").GetInt64());
    }

    [Fact]
    public async Task A_restaurant_cannot_list_the_same_dish_twice()
    {
        using var menu = await OwnerAsync();
        var items = $"/restaurants/{await system.CreateKnownToMenuAsync()}/items";
        await menu.PostAsJsonAsync(items, new { name = "Ramen", priceMinor = 1200, currency = "GBP" }).ExpectAsync(HttpStatusCode.Created);
        await menu.PostAsJsonAsync(items, new { name = "Ramen", priceMinor = 1300, currency = "GBP" }).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_menu_item_input_is_refused_naming_each_field()
    {
        using var menu = await OwnerAsync();
        var items = $"/restaurants/{await system.CreateKnownToMenuAsync()}/items";
        await menu.PostAsJsonAsync(items, new { name = "", priceMinor = 0, currency = "euro" }).ExpectInvalidAsync("Name", "PriceMinor", "Currency");
        await menu.PostAsJsonAsync(items, new { name = "Huge", priceMinor = 10_000_000_000L, currency = "EUR" }).ExpectInvalidAsync("PriceMinor");
        await menu.PostAsJsonAsync(items, new { name = "    ", priceMinor = 100, currency = "EUR" }).ExpectInvalidAsync("Name");
    }

    [Fact]
    public async Task A_menu_is_listed_in_pages_in_the_order_its_items_were_added()
    {
        var owner = await system.SharedOwnerAsync();
        var restaurantId = await system.CreateKnownToMenuAsync();
        var added = new List<Guid>();
        foreach (var name in new[] { "Zucchini fritti", "Arancini", "Minestrone" })
        {
            added.Add(await system.CreateMenuItemAsync(owner, restaurantId, 500, name: name));
        }

        var pages = await anonymous.WalkPagesAsync($"/restaurants/{restaurantId}/items?limit=2");
        Assert.Equal([2, 1], pages.Select(page => page.Items().Count()));
        Assert.Equal(added, pages.Ids());
        await anonymous.GetAsync($"/restaurants/{restaurantId}/items?limit=201").ExpectInvalidAsync("limit");
        await anonymous.GetAsync($"/restaurants/{restaurantId}/items?after=first").ExpectAsync(HttpStatusCode.BadRequest);
    }
}
