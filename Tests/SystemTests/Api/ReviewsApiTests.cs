namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class ReviewsApiTests(RunningSystem system)
{
    readonly HttpClient anonymous = system.Client("reviews");

    [Fact]
    public async Task A_customer_reviews_a_delivered_order_once_edits_and_deletes_it_leaving_a_versioned_tombstone()
    {
        var shop = await system.OpenShopAsync(1200);
        var customer = await system.SignUpCustomerAsync();
        var orderId = (await system.DeliveredOrderAsync(customer, shop)).Id();
        await system.StatusReachesAsync("reviewsdb", "order_replicas", "id", orderId, "Delivered");
        using var reviews = system.Client("reviews", customer);
        var created = await reviews.PostAsJsonAsync("/reviews", new { orderId, stars = 4, text = "Good crust." })
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, 4, customer.Id, shop.RestaurantId),
            (created.Version(), created.GetProperty("stars").GetInt32(), created.GetProperty("customerId").GetGuid(), created.GetProperty("restaurantId").GetGuid()));
        await reviews.PostAsJsonAsync("/reviews", new { orderId, stars = 1 }).ExpectAsync(HttpStatusCode.Conflict);

        var edited = await reviews.PutAsJsonAsync($"/reviews/{created.Id()}", new { stars = 5, text = "Great crust." }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, 5, "Great crust."), (edited.Version(), edited.GetProperty("stars").GetInt32(), edited.Text("text")));
        Assert.Single((await anonymous.GetAsync($"/reviews?restaurantId={shop.RestaurantId}").ExpectAsync(HttpStatusCode.OK)).Items());
        // Unfiltered, reviews are paged like every list: the newest first, one page at a time.
        var newest = await anonymous.GetAsync("/reviews?limit=1").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id(), newest.Items().Single().Id());
        if (newest.GetProperty("next").GetString() is { } next)
        {
            Assert.Equal($"/reviews?limit=1&after={created.Id()}", next);
            Assert.DoesNotContain(created.Id(), (await anonymous.GetAsync(next).ExpectAsync(HttpStatusCode.OK)).Items().Select(review => review.Id()));
        }

        await reviews.DeleteAsync($"/reviews/{created.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await anonymous.GetAsync($"/reviews/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((3L, true), await system.ReadRowAsync("reviewsdb", "reviews", created.Id()));
    }

    [Fact]
    public async Task Only_the_ordering_customer_reviews_and_only_once_the_order_is_delivered()
    {
        var shop = await system.OpenShopAsync(800);
        var customer = await system.SignUpCustomerAsync();
        var orderId = (await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0])).Id();
        await system.OrderReachesAsync(customer, orderId, "Paid");
        await system.StatusReachesAsync("reviewsdb", "order_replicas", "id", orderId, "Paid");
        using var reviews = system.Client("reviews", customer);
        var early = await reviews.PostAsJsonAsync("/reviews", new { orderId, stars = 5 }).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("orderId", early.Text("field"));

        var stranger = await system.SignUpAsync(Callers.Customer);
        using var asStranger = system.Client("reviews", stranger);
        await asStranger.PostAsJsonAsync("/reviews", new { orderId, stars = 1 }).ExpectAsync(HttpStatusCode.Forbidden);
        using var asOwner = system.Client("reviews", shop.Owner);
        await asOwner.PostAsJsonAsync("/reviews", new { orderId, stars = 5 }).ExpectAsync(HttpStatusCode.Forbidden);
        await anonymous.PostAsJsonAsync("/reviews", new { orderId, stars = 5 }).ExpectAsync(HttpStatusCode.Unauthorized);
        using var expired = system.Client("reviews", await system.ForgeTokenAsync(customer.Id, customer.Role, DateTime.UtcNow.AddMinutes(-5)));
        await expired.PostAsJsonAsync("/reviews", new { orderId, stars = 5 }).ExpectAsync(HttpStatusCode.Unauthorized);

        // Cancelled here so that no courier of a later test has to carry it.
        using var orders = system.Client("orders", customer);
        await orders.PostAsync($"/orders/{orderId}/cancel", null).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Invalid_review_input_is_refused_naming_each_field()
    {
        var customer = await system.SignUpAsync(Callers.Customer);
        // Past validation, the account gate answers 409 until the account has reached reviews: wait for it.
        await system.AccountKnownToAsync(customer, "reviewsdb");
        using var reviews = system.Client("reviews", customer);
        await reviews.PostAsJsonAsync("/reviews", new { stars = 6, text = new string('x', 2001) }).ExpectInvalidAsync("OrderId", "Stars", "Text");
        await reviews.PostAsJsonAsync("/reviews", new { orderId = Guid.NewGuid(), stars = 3 }).ExpectInvalidAsync("orderId");
        await reviews.PutAsJsonAsync($"/reviews/{Guid.NewGuid()}", new { stars = 5 }).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task All_reviews_come_in_pages_of_at_most_50_unless_asked_for_up_to_200()
    {
        var all = await anonymous.GetAsync("/reviews").ExpectAsync(HttpStatusCode.OK);
        Assert.InRange(all.Items().Count(), 0, 50);
        Assert.Equal(all.Items().Count() == 50, all.GetProperty("next").ValueKind == System.Text.Json.JsonValueKind.String);
        await anonymous.GetAsync("/reviews?limit=201").ExpectInvalidAsync("limit");
        await anonymous.GetAsync("/reviews?after=newest").ExpectAsync(HttpStatusCode.BadRequest);
    }
}
