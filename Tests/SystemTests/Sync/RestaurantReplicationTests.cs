using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>restaurants publishes, menu keeps a replica and uses it: the first real pair of the sync.</summary>
[Collection(nameof(RunningSystem))]
public sealed class RestaurantReplicationTests(RunningSystem system)
{
    [Fact]
    public async Task A_restaurant_created_updated_closed_and_deleted_reaches_menus_replica_at_each_version()
    {
        var id = await system.CreateAsync(isOpen: false, name: "Chez Test");
        Assert.Equal(new Replicas.RestaurantRow(1, false, "Chez Test", false), await system.MenuRestaurantAtAsync(id, 1));

        await system.UpdateAsync(id, "Chez Test", isOpen: true);
        Assert.Equal(new Replicas.RestaurantRow(2, false, "Chez Test", true), await system.MenuRestaurantAtAsync(id, 2));

        await system.UpdateAsync(id, "Chez Test Renamed", isOpen: false);
        Assert.Equal(new Replicas.RestaurantRow(3, false, "Chez Test Renamed", false), await system.MenuRestaurantAtAsync(id, 3));

        using var restaurants = system.Client("restaurants", await system.SharedOwnerAsync());
        await restaurants.DeleteAsync($"/restaurants/{id}").ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(new Replicas.RestaurantRow(4, true, "Chez Test Renamed", false), await system.MenuRestaurantAtAsync(id, 4));
    }

    [Fact]
    public async Task Menu_refuses_items_for_unknown_or_closed_restaurants_and_accepts_them_once_its_replica_catches_up()
    {
        using var menu = system.Client("menu", await system.SharedOwnerAsync());
        var item = new { name = "Soup", priceMinor = 500, currency = "EUR" };

        await menu.PostAsJsonAsync($"/restaurants/{Guid.NewGuid()}/items", item).ExpectInvalidAsync("restaurantId");

        var id = await system.CreateAsync(isOpen: false);
        await system.MenuRestaurantAtAsync(id, 1);
        await menu.PostAsJsonAsync($"/restaurants/{id}/items", item).ExpectAsync(HttpStatusCode.Conflict);

        await system.UpdateAsync(id, "Now open", isOpen: true);
        await Eventually.AssertAsync(() => menu.PostAsJsonAsync($"/restaurants/{id}/items", item).ExpectAsync(HttpStatusCode.Created));
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_applied_once()
    {
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid().ToString();
        await using var broker = await RawBroker.ConnectAsync(system, "restaurants");

        await broker.PublishAsync("RestaurantChanged", Snapshot(id, 1, "Twice"), messageId);
        await broker.PublishAsync("RestaurantChanged", Snapshot(id, 1, "Twice"), messageId);
        await broker.PublishAsync("RestaurantChanged", Snapshot(id, 2, "After"), Guid.NewGuid().ToString());

        await system.MenuRestaurantAtAsync(id, 2);
        // The second delivery found its message id in the inbox: one row, applied once.
        Assert.Equal([(1L, "applied"), (2L, "applied")], await system.InboxAsync("menudb", id));
        using var menu = await system.OperatorClientAsync("menu");
        var status = await menu.GetFromJsonAsync<JsonElement>("/sync/status");
        Assert.True(status.GetProperty("consumed").GetProperty("duplicate").GetInt64() >= 1);
    }

    [Fact]
    public async Task Versions_that_arrive_out_of_order_converge_to_the_highest()
    {
        var id = Guid.NewGuid();
        await using var broker = await RawBroker.ConnectAsync(system, "restaurants");

        await broker.PublishAsync("RestaurantChanged", Snapshot(id, 3, "Third"), Guid.NewGuid().ToString());
        await broker.PublishAsync("RestaurantChanged", Snapshot(id, 1, "First"), Guid.NewGuid().ToString());
        await broker.PublishAsync("RestaurantChanged", Snapshot(id, 2, "Second"), Guid.NewGuid().ToString());

        await Eventually.AssertAsync(async () => Assert.Equal(3, (await system.InboxAsync("menudb", id)).Count));
        Assert.Equal(new Replicas.RestaurantRow(3, false, "Third", true), await system.MenuRestaurantAsync(id));
        Assert.Equal([(1L, "stale"), (2L, "stale"), (3L, "applied")], await system.InboxAsync("menudb", id));
    }

    /// <summary>The owner of the restaurants published raw: any id but the empty one, which the contract refuses.</summary>
    static readonly Guid RawOwner = Guid.Parse("0197a3c1-5a5a-7000-8000-00000000a11e");

    internal static string Snapshot(Guid id, long version, string name, bool deleted = false) =>
        JsonSerializer.Serialize(new
        {
            id, version, deleted, ownerId = RawOwner, name, address = "1 Raw Street", cuisine = "Raw", isOpen = true,
        });
}
