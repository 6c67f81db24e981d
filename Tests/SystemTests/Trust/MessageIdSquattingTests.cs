using System.Text.Json;
using FoodDelivery.Contracts;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A message id is no one's to take. Orders replicates restaurants and menu; menu replicates restaurants too, so
/// a compromised menu holds every restaurant event's message id (its own inbox records them). With only its own
/// broker credentials it publishes a valid event of its own type, through its own exchange, under such an id:
/// orders still applies both, because an inbox entry is an owner's message id, not any message id. An owner
/// that reuses one of its own ids for a different change has the second dead-lettered as a conflict, never
/// dropped as a duplicate. On their own AppHost: the tests stop orders and fill its dead-letter queue.
/// </summary>
[Collection(nameof(IsolatedSystem))]
public sealed class MessageIdSquattingTests(IsolatedSystem system)
{
    [Fact]
    public async Task A_restaurant_change_whose_message_id_menu_squats_before_orders_sees_it_is_applied_and_so_is_the_squatters_event()
    {
        var restaurantId = await system.CreateAsync(name: "Before the squat");
        await system.ReplicaReachesAsync("ordersdb", "restaurant_replicas", restaurantId, 1);
        var squat = new MenuItem(restaurantId);

        // Orders falls behind (stopped here, so the order of events is certain): the owner's change waits in its queue,
        // and menu, which has already applied it, publishes its own event under the same message id.
        await system.StopAsync("orders");
        try
        {
            await system.UpdateAsync(restaurantId, "Renamed by its owner", isOpen: true);
            var messageId = await MessageIdMenuRecordedAsync(restaurantId, version: 2);
            await using var menu = await RawBroker.ConnectAsync(system, "menu");
            await menu.PublishAsync(nameof(MenuItemChanged), squat.Json, messageId);
        }
        finally
        {
            await system.StartAsync("orders");
        }

        await Eventually.AssertAsync(async () =>
        {
            Assert.Equal((2L, "Renamed by its owner"), await OrdersRestaurantAsync(restaurantId));
            Assert.Equal(1L, await OrdersMenuItemVersionAsync(squat.Id));
        });
    }

    [Fact]
    public async Task An_event_under_a_message_id_another_owner_has_already_used_is_applied()
    {
        var restaurantId = await system.CreateAsync(name: "Seen first");
        await system.ReplicaReachesAsync("ordersdb", "restaurant_replicas", restaurantId, 1);
        var messageId = await MessageIdMenuRecordedAsync(restaurantId, version: 1);
        var item = new MenuItem(restaurantId);

        await using var menu = await RawBroker.ConnectAsync(system, "menu");
        await menu.PublishAsync(nameof(MenuItemChanged), item.Json, messageId);

        await system.ReplicaReachesAsync("ordersdb", "menu_item_replicas", item.Id, 1);
        Assert.Equal((1L, "Seen first"), await OrdersRestaurantAsync(restaurantId));
    }

    [Fact]
    public async Task An_owner_reusing_its_message_id_for_another_change_has_it_dead_lettered_as_a_conflict_also_when_replayed()
    {
        var restaurantId = Guid.NewGuid();
        var (first, second) = (new MenuItem(restaurantId), new MenuItem(restaurantId));
        var messageId = Guid.NewGuid().ToString();
        await using var menu = await RawBroker.ConnectAsync(system, "menu");

        await menu.PublishAsync(nameof(MenuItemChanged), first.Json, messageId);
        await system.ReplicaReachesAsync("ordersdb", "menu_item_replicas", first.Id, 1);
        // The same message again is a duplicate (a re-sent outbox row); another entity under its id is not.
        await menu.PublishAsync(nameof(MenuItemChanged), first.Json, messageId);
        await menu.PublishAsync(nameof(MenuItemChanged), second.Json, messageId);

        using var orders = await system.OperatorClientAsync("orders");
        var reason = await ConflictReasonAsync(orders, messageId);
        Assert.Contains($"MenuItemChanged {first.Id} v1", reason, StringComparison.Ordinal);
        Assert.Contains($"MenuItemChanged {second.Id} v1", reason, StringComparison.Ordinal);

        // Replayed, it comes back through orders' replay exchange, judged as menu's message again: still a conflict.
        await orders.PostAsync($"/sync/dead-letters/{messageId}/replay", null).ExpectAsync(HttpStatusCode.OK);
        await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);
        var letters = new List<(string? MessageId, IDictionary<string, object?> Headers)>();
        await Eventually.ValueAsync(async () =>
        {
            letters.AddRange(await inspector.DrainAsync(BrokerNames.DeadLetterQueue("orders")));
            return letters;
        }, taken => taken.Any(letter => letter.MessageId == messageId));
        var replayed = Assert.Single(letters, letter => letter.MessageId == messageId);
        Assert.StartsWith("message-id-conflict: ", RawBroker.Text(replayed.Headers["fd-dead-letter-reason"]), StringComparison.Ordinal);
        Assert.Equal(BrokerNames.OwnerExchange("menu"), RawBroker.Text(replayed.Headers["fd-received-from"]));

        Assert.Null(await OrdersMenuItemVersionAsync(second.Id));
        Assert.Equal([(1L, "applied")], await system.InboxAsync("ordersdb", first.Id));
    }

    /// <summary>The reason orders lists for the dead letter with that id, once it says conflict (the letter stays in the queue).</summary>
    static async Task<string> ConflictReasonAsync(HttpClient orders, string messageId) =>
        await Eventually.ValueAsync(async () =>
                (await orders.GetAsync("/sync/dead-letters").ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
                .Where(letter => letter.Text("messageId") == messageId).Select(letter => letter.Text("reason")).FirstOrDefault()
                ?? "no dead letter with that message id",
            reason => reason.StartsWith("message-id-conflict: ", StringComparison.Ordinal));

    /// <summary>The message id under which menu's consumer recorded a restaurant version: what a compromised menu holds.</summary>
    async Task<string> MessageIdMenuRecordedAsync(Guid restaurantId, long version) =>
        await Eventually.ValueAsync(async () =>
        {
            await using var connection = await system.OpenDatabaseAsync("menudb");
            await using var command = new NpgsqlCommand(
                "SELECT message_id FROM sync_inbox WHERE type = 'RestaurantChanged' AND aggregate_id = $1 AND version = $2", connection);
            command.Parameters.AddWithValue(restaurantId);
            command.Parameters.AddWithValue(version);
            return await command.ExecuteScalarAsync() as string ?? "";
        }, messageId => messageId.Length > 0);

    async Task<(long Version, string Name)?> OrdersRestaurantAsync(Guid id)
    {
        await using var connection = await system.OpenDatabaseAsync("ordersdb");
        await using var command = new NpgsqlCommand("SELECT version, name FROM restaurant_replicas WHERE id = $1", connection);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    async Task<long?> OrdersMenuItemVersionAsync(Guid id)
    {
        await using var connection = await system.OpenDatabaseAsync("ordersdb");
        await using var command = new NpgsqlCommand("SELECT version FROM menu_item_replicas WHERE id = $1", connection);
        command.Parameters.AddWithValue(id);
        return await command.ExecuteScalarAsync() as long?;
    }

    /// <summary>A new menu item of the restaurant at version 1, as menu would publish it: valid in every respect.</summary>
    sealed record MenuItem(Guid RestaurantId)
    {
        public Guid Id { get; } = Guid.CreateVersion7();

        public string Json => JsonSerializer.Serialize(new
        {
            id = Id, version = 1L, deleted = false, restaurantId = RestaurantId, name = $"Dish {Id:N}", priceMinor = 950L, currency = "EUR", available = true,
        });
    }
}
