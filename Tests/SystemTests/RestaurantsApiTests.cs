namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class RestaurantsApiTests(RunningSystem system)
{
    readonly HttpClient restaurants = system.Client("restaurants");

    [Fact]
    public async Task A_restaurant_is_created_read_updated_and_deleted_leaving_a_versioned_tombstone()
    {
        var ownerId = Guid.NewGuid();
        var created = await restaurants.PostAsJsonAsync("/restaurants",
            new { ownerId, name = "Trattoria Uno", address = "1 Via Roma", cuisine = "Italian" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, created.Version());
        Assert.False(created.GetProperty("isOpen").GetBoolean());

        var read = await restaurants.GetAsync($"/restaurants/{created.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Trattoria Uno", read.Text("name"));

        var updated = await restaurants.PutAsJsonAsync($"/restaurants/{created.Id()}",
            new { name = "Trattoria Due", address = "2 Via Roma", cuisine = "Italian", isOpen = true }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, updated.Version());
        Assert.True(updated.GetProperty("isOpen").GetBoolean());

        var owned = await restaurants.GetAsync($"/restaurants?ownerId={ownerId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Trattoria Due", Assert.Single(owned.EnumerateArray()).Text("name"));

        await restaurants.DeleteAsync($"/restaurants/{created.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await restaurants.GetAsync($"/restaurants/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((3L, true), await system.ReadRowAsync("restaurantsdb", "restaurants", created.Id()));
    }

    [Fact]
    public async Task Invalid_restaurant_input_is_refused_naming_each_field()
    {
        await restaurants.PostAsJsonAsync("/restaurants", new { name = "", address = new string('a', 201) })
            .ExpectInvalidAsync("OwnerId", "Name", "Address", "Cuisine");
        await restaurants.PostRawJsonAsync("/restaurants", """{ "ownerId": "not-a-guid" }""")
            .ExpectInvalidAsync("$.ownerId");
    }

    [Fact]
    public async Task An_owner_cannot_have_two_restaurants_of_the_same_name()
    {
        var restaurant = new { ownerId = Guid.NewGuid(), name = "Noodle Bar", address = "3 High St", cuisine = "Asian" };
        await restaurants.PostAsJsonAsync("/restaurants", restaurant).ExpectAsync(HttpStatusCode.Created);
        await restaurants.PostAsJsonAsync("/restaurants", restaurant).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_missing_restaurant_is_not_found()
    {
        var id = Guid.NewGuid();
        await restaurants.GetAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.NotFound);
        await restaurants.PutAsJsonAsync($"/restaurants/{id}", new { name = "X", address = "Y", cuisine = "Z", isOpen = true })
            .ExpectAsync(HttpStatusCode.NotFound);
        await restaurants.DeleteAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.NotFound);
    }
}
