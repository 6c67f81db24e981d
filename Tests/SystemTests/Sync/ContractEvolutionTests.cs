using System.Text.Json;
using System.Text.Json.Nodes;
using FoodDelivery.Contracts;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Owners and consumers of different builds share the bus during an upgrade (docs/contracts.md). Each test commits what
/// an owner of another build would commit, the way it commits it: the entity's new version and its outbox row in one
/// transaction, the row's payload what that build's record serialises to; the owner's relay publishes it like any other.
/// Every consumer applies it (its replica takes the version, its inbox says applied), none dead-letters it.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class ContractEvolutionTests(RunningSystem system)
{
    /// <summary>Every service that replicates restaurants.</summary>
    static readonly string[] RestaurantConsumers = ["menu", "orders", "delivery"];

    [Fact]
    public async Task A_restaurant_change_from_a_newer_owner_with_a_field_no_consumer_knows_is_applied_by_every_consumer()
    {
        var id = await system.CreateAsync();
        foreach (var consumer in RestaurantConsumers)
        {
            await system.ReplicaReachesAsync(consumer + "db", "restaurant_replicas", id, 1);
        }

        var name = $"Renamed by a newer build {Guid.NewGuid():N}";
        var version = await CommitAsync("restaurantsdb", "RestaurantChanged", id,
            "UPDATE restaurants SET name = $2, version = version + 1 WHERE id = $1 RETURNING version, deleted, owner_id, address, cuisine, is_open",
            [name],
            row =>
            {
                var payload = JsonSerializer.SerializeToNode(
                    new RestaurantChanged(id, row.GetInt64(0), row.GetBoolean(1), row.GetGuid(2), name, row.GetString(3), row.GetString(4), row.GetBoolean(5)),
                    ContractsJsonContext.Default.RestaurantChanged)!.AsObject();
                // A field the newer build's record has and this build's consumers do not know yet.
                payload["deliveryRadiusMetres"] = 4500;
                return payload;
            });

        foreach (var consumer in RestaurantConsumers)
        {
            await AppliedAsync(consumer, id, version);
            Assert.Equal(name, await system.ColumnAsync<string>(consumer + "db", "restaurant_replicas", "name", "id", id));
        }
    }

    [Fact]
    public async Task A_payment_change_from_an_older_owner_without_the_optional_failure_reason_is_applied_by_orders()
    {
        var shop = await system.OpenShopAsync(1250);
        var customer = await system.SignUpCustomerAsync();
        var orderId = (await system.PlaceAsync(customer, shop.RestaurantId, [.. shop.Items])).Id();
        await system.OrderReachesAsync(customer, orderId, "Paid");
        var paymentId = await system.ColumnAsync<Guid>("paymentsdb", "payments", "id", "order_id", orderId);
        await system.ReplicaReachesAsync("ordersdb", "payment_replicas", paymentId,
            await system.ColumnAsync<long>("paymentsdb", "payments", "version", "id", paymentId));

        var version = await CommitAsync("paymentsdb", "PaymentChanged", paymentId,
            "UPDATE payments SET version = version + 1 WHERE id = $1 RETURNING version, deleted, order_id, amount_minor, currency, status, failure_reason",
            [],
            row =>
            {
                var payload = JsonSerializer.SerializeToNode(
                    new PaymentChanged(paymentId, row.GetInt64(0), row.GetBoolean(1), row.GetGuid(2), row.GetInt64(3), row.GetString(4), row.GetString(5),
                        row.IsDBNull(6) ? null : row.GetString(6)),
                    ContractsJsonContext.Default.PaymentChanged)!.AsObject();
                // A build before the reason existed: a captured payment has none, and that build does not write the member at all.
                Assert.Null(payload["failureReason"]);
                payload.Remove("failureReason");
                return payload;
            });

        await AppliedAsync("orders", paymentId, version);
        Assert.Equal("Captured", await system.ColumnAsync<string>("ordersdb", "payment_replicas", "status", "id", paymentId));
        await system.OrderReachesAsync(customer, orderId, "Paid");
    }

    /// <summary>
    /// The owner's write as another build makes it: <paramref name="update"/> moves the entity to its next version
    /// (returning the row), and the outbox row with <paramref name="payload"/>'s body goes in with it; returns the version.
    /// </summary>
    async Task<long> CommitAsync(string database, string eventType, Guid id, string update, object[] values, Func<NpgsqlDataReader, JsonObject> payload)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var transaction = await connection.BeginTransactionAsync();
        long version;
        string body;
        await using (var command = new NpgsqlCommand(update, connection, transaction))
        {
            command.Parameters.AddWithValue(id);
            foreach (var value in values)
            {
                command.Parameters.AddWithValue(value);
            }
            await using var row = await command.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync(), $"{database} has no {id}");
            version = row.GetInt64(0);
            body = payload(row).ToJsonString();
        }
        await using (var outbox = new NpgsqlCommand(
                         "INSERT INTO sync_outbox (message_id, type, aggregate_id, version, payload, committed_at) VALUES ($1, $2, $3, $4, $5::jsonb, now())",
                         connection, transaction))
        {
            outbox.Parameters.AddWithValue(Guid.CreateVersion7());
            outbox.Parameters.AddWithValue(eventType);
            outbox.Parameters.AddWithValue(id);
            outbox.Parameters.AddWithValue(version);
            outbox.Parameters.AddWithValue(body);
            await outbox.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return version;
    }

    /// <summary>Waits until the consumer's inbox has the version, then checks it was applied.</summary>
    async Task AppliedAsync(string consumer, Guid id, long version)
    {
        await Eventually.AssertAsync(async () =>
        {
            var outcomes = await system.InboxAsync(consumer + "db", id);
            Assert.True(outcomes.Contains((version, "applied")),
                $"{consumer} has not applied version {version} of {id} (inbox: {string.Join(", ", outcomes)}); its dead-letter queue says why if it refused it");
        });
    }
}
