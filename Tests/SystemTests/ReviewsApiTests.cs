namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class ReviewsApiTests(RunningSystem system)
{
    readonly HttpClient reviews = system.Client("reviews");

    [Fact]
    public async Task A_review_is_written_edited_and_deleted_leaving_a_versioned_tombstone()
    {
        var restaurantId = Guid.NewGuid();
        var created = await reviews.PostAsJsonAsync("/reviews",
            new { orderId = Guid.NewGuid(), customerId = Guid.NewGuid(), restaurantId, stars = 4, text = "Good crust." }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, 4), (created.Version(), created.GetProperty("stars").GetInt32()));

        var edited = await reviews.PutAsJsonAsync($"/reviews/{created.Id()}", new { stars = 5, text = "Great crust." }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, 5, "Great crust."), (edited.Version(), edited.GetProperty("stars").GetInt32(), edited.Text("text")));
        Assert.Single((await reviews.GetAsync($"/reviews?restaurantId={restaurantId}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());

        await reviews.DeleteAsync($"/reviews/{created.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await reviews.GetAsync($"/reviews/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((3L, true), await system.ReadRowAsync("reviewsdb", "reviews", created.Id()));
    }

    [Fact]
    public async Task An_order_is_reviewed_once()
    {
        var review = new { orderId = Guid.NewGuid(), customerId = Guid.NewGuid(), restaurantId = Guid.NewGuid(), stars = 3 };
        await reviews.PostAsJsonAsync("/reviews", review).ExpectAsync(HttpStatusCode.Created);
        await reviews.PostAsJsonAsync("/reviews", review).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_review_input_is_refused_naming_each_field()
    {
        await reviews.PostAsJsonAsync("/reviews", new { stars = 6, text = new string('x', 2001) })
            .ExpectInvalidAsync("OrderId", "CustomerId", "RestaurantId", "Stars", "Text");
        await reviews.PutAsJsonAsync($"/reviews/{Guid.NewGuid()}", new { stars = 5 }).ExpectAsync(HttpStatusCode.NotFound);
    }
}
