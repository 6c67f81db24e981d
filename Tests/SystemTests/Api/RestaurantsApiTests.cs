using System.Text.Json;

namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class RestaurantsApiTests(RunningSystem system)
{
    readonly HttpClient anonymous = system.Client("restaurants");

    [Fact]
    public async Task An_owner_creates_reads_edits_opens_closes_and_deletes_a_restaurant_leaving_a_versioned_tombstone()
    {
        var owner = await system.SignUpAsync(Callers.RestaurantOwner);
        await system.AccountKnownToAsync(owner, "restaurantsdb");
        using var restaurants = system.Client("restaurants", owner);
        var created = await restaurants.PostAsJsonAsync("/restaurants",
            new { name = "Trattoria Uno", address = "1 Via Roma", cuisine = "Italian" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, owner.Id, false), (created.Version(), created.GetProperty("ownerId").GetGuid(), created.GetProperty("isOpen").GetBoolean()));
        Assert.Equal(0, created.GetProperty("rating").GetProperty("reviews").GetInt32());

        var read = await anonymous.GetAsync($"/restaurants/{created.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Trattoria Uno", read.Text("name"));

        var updated = await restaurants.PutAsJsonAsync($"/restaurants/{created.Id()}",
            new { name = "Trattoria Due", address = "2 Via Roma", cuisine = "Italian", isOpen = true }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, true), (updated.Version(), updated.GetProperty("isOpen").GetBoolean()));
        var closed = await restaurants.PostAsync($"/restaurants/{created.Id()}/close", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((3L, false), (closed.Version(), closed.GetProperty("isOpen").GetBoolean()));
        var opened = await restaurants.PostAsync($"/restaurants/{created.Id()}/open", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((4L, true), (opened.Version(), opened.GetProperty("isOpen").GetBoolean()));

        var owned = await anonymous.GetAsync($"/restaurants?ownerId={owner.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Trattoria Due", Assert.Single(owned.Items()).Text("name"));

        await restaurants.DeleteAsync($"/restaurants/{created.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await anonymous.GetAsync($"/restaurants/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((5L, true), await system.ReadRowAsync("restaurantsdb", "restaurants", created.Id()));
    }

    [Fact]
    public async Task Only_the_owner_changes_a_restaurant_and_only_owners_create_them()
    {
        var id = await system.CreateAsync(isOpen: false);
        var update = new { name = "Taken over", address = "X", cuisine = "Y", isOpen = true };

        await anonymous.PostAsJsonAsync("/restaurants", new { name = "N", address = "A", cuisine = "C" }).ExpectAsync(HttpStatusCode.Unauthorized);
        await anonymous.PutAsJsonAsync($"/restaurants/{id}", update).ExpectAsync(HttpStatusCode.Unauthorized);
        await anonymous.DeleteAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.Unauthorized);

        var customer = await system.SignUpAsync(Callers.Customer);
        using var asCustomer = system.Client("restaurants", customer);
        await asCustomer.PostAsJsonAsync("/restaurants", new { name = "N", address = "A", cuisine = "C" }).ExpectAsync(HttpStatusCode.Forbidden);
        await asCustomer.PutAsJsonAsync($"/restaurants/{id}", update).ExpectAsync(HttpStatusCode.Forbidden);

        var otherOwner = await system.SignUpAsync(Callers.RestaurantOwner);
        using var asOtherOwner = system.Client("restaurants", otherOwner);
        await asOtherOwner.PutAsJsonAsync($"/restaurants/{id}", update).ExpectAsync(HttpStatusCode.Forbidden);
        await asOtherOwner.PostAsync($"/restaurants/{id}/open", null).ExpectAsync(HttpStatusCode.Forbidden);
        await asOtherOwner.DeleteAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.Forbidden);

        var owner = await system.SharedOwnerAsync();
        using var expired = system.Client("restaurants", await system.ForgeTokenAsync(owner.Id, owner.Role, DateTime.UtcNow.AddMinutes(-5)));
        await expired.PutAsJsonAsync($"/restaurants/{id}", update).ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, (await anonymous.GetAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.OK)).Version());
    }

    [Fact]
    public async Task An_owner_whose_account_has_not_reached_restaurants_is_told_to_retry()
    {
        // A valid token for an account accounts never published: restaurants' replica cannot know it.
        using var unknown = system.Client("restaurants", await system.ForgeTokenAsync(Guid.NewGuid(), Callers.RestaurantOwner, DateTime.UtcNow.AddHours(1)));
        var problem = await unknown.PostAsJsonAsync("/restaurants", new { name = "N", address = "A", cuisine = "C" }).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("not reached restaurants", problem.Text("title"));
    }

    [Fact]
    public async Task Invalid_restaurant_input_is_refused_naming_each_field()
    {
        using var restaurants = system.Client("restaurants", await system.SharedOwnerAsync());
        await restaurants.PostAsJsonAsync("/restaurants", new { name = "", address = new string('a', 201) })
            .ExpectInvalidAsync("Name", "Address", "Cuisine");
        await restaurants.PostRawJsonAsync("/restaurants", """{ "name": "N", "address": "A", "cuisine": "C", "isOpen": "maybe" }""")
            .ExpectInvalidAsync("$.isOpen");
    }

    [Fact]
    public async Task A_name_of_spaces_is_refused_and_a_name_is_measured_without_its_surrounding_spaces()
    {
        using var restaurants = system.Client("restaurants", await system.SharedOwnerAsync());
        await restaurants.PostAsJsonAsync("/restaurants", new { name = "   ", address = " \t ", cuisine = "Thai" })
            .ExpectInvalidAsync("Name", "Address");
        var padded = $"  {new string('n', 100)}  ";
        var created = await restaurants.PostAsJsonAsync("/restaurants", new { name = padded, address = "1 Side St", cuisine = "Thai" })
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(padded.Trim(), created.Text("name"));
        await restaurants.PutAsJsonAsync($"/restaurants/{created.Id()}", new { name = " ", address = "1 Side St", cuisine = "Thai", isOpen = true })
            .ExpectInvalidAsync("Name");
    }

    [Fact]
    public async Task Restaurants_are_listed_in_pages_that_the_next_link_walks_in_creation_order_keeping_the_filter()
    {
        var owner = await system.SignUpAsync(Callers.RestaurantOwner);
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await system.CreateRestaurantAsync(owner, name: $"Branch {i}"));
        }

        var pages = await anonymous.WalkPagesAsync($"/restaurants?ownerId={owner.Id}&limit=2");
        Assert.Equal([2, 2, 1], pages.Select(page => page.Items().Count()));
        Assert.Equal(created, pages.Ids());
        Assert.Equal($"/restaurants?ownerId={owner.Id}&limit=2&after={created[1]}", pages[0].Text("next"));

        // A restaurant made meanwhile lands at the end: a cursor neither repeats nor skips one.
        var later = await system.CreateRestaurantAsync(owner, name: "Branch 5");
        Assert.Equal([later], (await anonymous.WalkPagesAsync(pages[1].Text("next"))).Ids().Skip(1));
    }

    [Fact]
    public async Task A_page_holds_50_restaurants_unless_asked_for_up_to_200()
    {
        var owner = await system.SignUpAsync(Callers.RestaurantOwner);
        await system.AccountKnownToAsync(owner, "restaurantsdb");
        using var restaurants = system.Client("restaurants", owner);
        for (var i = 0; i < 51; i++)
        {
            await restaurants.PostAsJsonAsync("/restaurants", new { name = $"Chain {i}", address = "1 Test Street", cuisine = "Test" })
                .ExpectAsync(HttpStatusCode.Created);
        }

        var first = await anonymous.GetAsync($"/restaurants?ownerId={owner.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(50, first.Items().Count());
        Assert.NotEqual(JsonValueKind.Null, first.GetProperty("next").ValueKind);
        var all = await anonymous.GetAsync($"/restaurants?ownerId={owner.Id}&limit=200").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(51, all.Items().Count());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next").ValueKind);
        Assert.InRange((await anonymous.GetAsync("/restaurants?limit=200").ExpectAsync(HttpStatusCode.OK)).Items().Count(), 51, 200);
    }

    [Fact]
    public async Task A_limit_outside_1_to_200_or_a_cursor_that_is_not_an_id_is_refused()
    {
        foreach (var limit in new[] { "0", "-1", "201" })
        {
            await anonymous.GetAsync($"/restaurants?limit={limit}").ExpectInvalidAsync("limit");
        }
        await anonymous.GetAsync("/restaurants?limit=many").ExpectAsync(HttpStatusCode.BadRequest);
        var problem = await anonymous.GetAsync("/restaurants?after=the-last-one").ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("after", problem.Text("detail"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_request_body_over_64_KB_is_refused_with_413_ProblemDetails_by_every_service()
    {
        using var restaurants = system.Client("restaurants", await system.SharedOwnerAsync());
        var huge = JsonSerializer.Serialize(new { name = new string('n', 70 * 1024), address = "A", cuisine = "C" });
        var declared = await restaurants.PostRawJsonAsync("/restaurants", huge).ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(413, declared.GetProperty("status").GetInt32());

        // Every service, whatever the path.
        foreach (var service in RunningSystem.ServiceNames)
        {
            using var client = system.Client(service);
            var problem = await client.PostRawJsonAsync("/anything", huge).ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains("64 KB", problem.Text("detail"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_owner_cannot_have_two_restaurants_of_the_same_name()
    {
        var owner = await system.SharedOwnerAsync();
        await system.CreateRestaurantAsync(owner, name: "Noodle Bar");
        using var restaurants = system.Client("restaurants", owner);
        await restaurants.PostAsJsonAsync("/restaurants", new { name = "Noodle Bar", address = "3 High St", cuisine = "Asian" })
            .ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_missing_restaurant_is_not_found()
    {
        var id = Guid.NewGuid();
        using var restaurants = system.Client("restaurants", await system.SharedOwnerAsync());
        await anonymous.GetAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.NotFound);
        await restaurants.PutAsJsonAsync($"/restaurants/{id}", new { name = "X", address = "Y", cuisine = "Z", isOpen = true })
            .ExpectAsync(HttpStatusCode.NotFound);
        await restaurants.DeleteAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.NotFound);
    }
}
