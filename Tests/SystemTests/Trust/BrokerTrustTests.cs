using System.Text.Json;
using FoodDelivery.Contracts;
using RabbitMQ.Client;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The trust model on the running system: with the broker credentials any one service runs with, nothing it
/// does can change another service's data. The broker refuses every write outside its own exchanges and every
/// read outside its own queues; what it can write (its own exchange) reaches only the consumers of its own
/// events, which refuse anything else it puts there (another owner's type, another cluster's claim, another
/// app_id) as <c>unauthorised-publisher</c>, apply nothing and keep going. On their own AppHost: the tests fill
/// dead-letter queues.
/// </summary>
[Collection(nameof(IsolatedSystem))]
public sealed class BrokerTrustTests(IsolatedSystem system)
{

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_broker_lets_a_service_write_only_its_own_exchanges_read_only_its_own_queues_and_configure_nothing(string service)
    {
        var refused = new List<string>();
        foreach (var other in RunningSystem.ServiceNames.Where(name => name != service))
        {
            foreach (var exchange in new[] { BrokerNames.OwnerExchange(other), BrokerNames.ReplayExchange(other), BrokerNames.DeadLetterExchange(other) })
            {
                refused.Add(await RefusedAsync(service, $"publish to {exchange}",
                    broker => broker.PublishToAsync(exchange, "", "RestaurantChanged", "{}", Guid.NewGuid().ToString(), other)));
            }
            refused.Add(await RefusedAsync(service, $"publish straight into {BrokerNames.Queue(other)}",
                broker => broker.PublishToAsync("", BrokerNames.Queue(other), "RestaurantChanged", "{}", Guid.NewGuid().ToString(), other)));
            refused.Add(await RefusedAsync(service, $"consume {BrokerNames.Queue(other)}", broker => broker.ConsumeOnceAsync(BrokerNames.Queue(other))));
            refused.Add(await RefusedAsync(service, $"consume {BrokerNames.DeadLetterQueue(other)}", broker => broker.ConsumeOnceAsync(BrokerNames.DeadLetterQueue(other))));
            refused.Add(await RefusedAsync(service, $"delete {BrokerNames.Queue(other)}", broker => broker.DeleteQueueAsync(BrokerNames.Queue(other))));
        }
        refused.Add(await RefusedAsync(service, "declare a queue of its own", broker => broker.DeclareQueueAsync($"{service}.stolen-copy")));
        refused.Add(await RefusedAsync(service, $"delete its own queue {BrokerNames.Queue(service)}", broker => broker.DeleteQueueAsync(BrokerNames.Queue(service))));
        refused.Add(await RefusedAsync(service, "bind its own queue to another owner's exchange", broker =>
            broker.BindAsync(BrokerNames.Queue(service), BrokerNames.OwnerExchange(RunningSystem.ServiceNames.First(name => name != service)))));

        Assert.All(refused, Assert.Empty);
        // And what it may do, it can: its own exchange takes a message, its own queue can be read.
        await using var allowed = await RawBroker.ConnectAsync(system, service);
        await allowed.PublishToAsync(BrokerNames.OwnerExchange(service), "", "SystemTests.Probe", "{}", Guid.NewGuid().ToString(), service);
        await allowed.ConsumeOnceAsync(BrokerNames.DeadLetterQueue(service));
        Assert.True(allowed.IsOpen);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Events_a_service_may_not_publish_put_on_its_own_exchange_are_dead_lettered_as_unauthorised_and_change_nothing(string service)
    {
        // What it could try through the one exchange it may write: every type its exchange's consumers replicate
        // from another owner (an order made Paid by a forged PaymentChanged, a restaurant taken over...), claiming to
        // be that owner; and its own type claiming to come from another cluster (the old home-copy path).
        var forged = new List<Forgery>();
        foreach (var consumer in ServiceCatalogue.Services.Where(candidate => candidate.ReplicatedOwners.Contains(service)))
        {
            foreach (var type in consumer.Replicates.Where(type => ServiceCatalogue.OwnerOf(type) != service))
            {
                forged.Add(new Forgery(consumer.Name, type, ServiceCatalogue.OwnerOf(type)!, Cluster: null));
            }
            foreach (var type in consumer.Replicates.Where(type => ServiceCatalogue.OwnerOf(type) == service))
            {
                forged.Add(new Forgery(consumer.Name, type, service, Cluster: "west"));
            }
        }
        var ownType = ServiceCatalogue.Find(service)!.Publishes[0];
        // Nobody else's consumer may be bound, but the service itself must not take its own type from another cluster either.
        forged.Add(new Forgery(Consumer: null, ownType, service, Cluster: "west"));

        await using var broker = await RawBroker.ConnectAsync(system, service);
        foreach (var forgery in forged)
        {
            var headers = forgery.Cluster is null ? null : new Dictionary<string, object?> { ["fd-origin-cluster"] = forgery.Cluster };
            await broker.PublishToAsync(BrokerNames.OwnerExchange(service), "", forgery.Type, Snapshot(forgery.Type, forgery.Id),
                forgery.MessageId, forgery.ClaimedPublisher, headers);
        }

        await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);
        foreach (var byConsumer in forged.Where(forgery => forgery.Consumer is not null).GroupBy(forgery => forgery.Consumer!))
        {
            var wanted = byConsumer.Select(forgery => forgery.MessageId).ToHashSet();
            var letters = new List<(string? MessageId, IDictionary<string, object?> Headers)>();
            await Eventually.ValueAsync(async () =>
            {
                letters.AddRange(await inspector.DrainAsync(BrokerNames.DeadLetterQueue(byConsumer.Key)));
                return letters;
            }, taken => wanted.IsSubsetOf(taken.Select(letter => letter.MessageId ?? "")));
            foreach (var letter in letters.Where(letter => wanted.Contains(letter.MessageId ?? "")))
            {
                var reason = RawBroker.Text(letter.Headers["fd-dead-letter-reason"]);
                Assert.StartsWith("unauthorised-publisher: ", reason, StringComparison.Ordinal);
                Assert.Equal(BrokerNames.OwnerExchange(service), RawBroker.Text(letter.Headers["fd-received-from"]));
            }
        }
        foreach (var forgery in forged)
        {
            foreach (var database in RunningSystem.DatabaseNames)
            {
                Assert.Empty(await RowsWithIdAsync(database, forgery.Id));
            }
        }
        using var consumerClient = await system.OperatorClientAsync(forged.First(forgery => forgery.Consumer is not null).Consumer!);
        using var status = await consumerClient.GetFromJsonAsync<JsonDocument>("/sync/status");
        Assert.True(status!.RootElement.GetProperty("consumed").GetProperty("unauthorised").GetInt64() >= 1);
        Assert.True(status.RootElement.GetProperty("consumerAttached").GetBoolean());
    }

    [Fact]
    public async Task A_replayed_forgery_is_judged_by_the_exchange_it_first_came_through_and_dead_lettered_again()
    {
        // Menu forges the payment that would make an order Paid; orders refuses it; an operator replays orders'
        // dead letters: the forgery comes back through orders' replay exchange, still from menu's exchange.
        var forgery = new Forgery("orders", nameof(PaymentChanged), "payments", Cluster: null);
        await using (var menu = await RawBroker.ConnectAsync(system, "menu"))
        {
            await menu.PublishToAsync(BrokerNames.OwnerExchange("menu"), "", forgery.Type, Payment(forgery.Id), forgery.MessageId, "payments");
        }
        await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);
        using var management = await BrokerManagement.ConnectAsync(system);
        await Eventually.ValueAsync(() => management.MessagesAsync(BrokerNames.DeadLetterQueue("orders")), count => count >= 1);

        var replay = await system.CommandAsync("orders", "replay-dead-letters");
        Assert.True(replay.Success, replay.Message);

        var letter = await Eventually.ValueAsync(
            async () => (await inspector.DrainAsync(BrokerNames.DeadLetterQueue("orders"))).FirstOrDefault(letter => letter.MessageId == forgery.MessageId),
            letter => letter.MessageId is not null);
        Assert.StartsWith("unauthorised-publisher: ", RawBroker.Text(letter.Headers["fd-dead-letter-reason"]), StringComparison.Ordinal);
        Assert.Empty(await RowsWithIdAsync("ordersdb", forgery.Id));
    }

    [Fact]
    public async Task A_queue_missing_on_the_broker_is_named_in_health_until_the_broker_loads_its_definitions_again()
    {
        // Services may not declare topology: when it is missing they say so, and the infrastructure brings it back.
        await using (var operatorBroker = await RawBroker.ConnectAsync(system, RawBroker.Operator))
        {
            await operatorBroker.DeleteQueueAsync(BrokerNames.Queue("reviews"));
        }
        using var reviews = system.ManagementClient("reviews");
        await Eventually.AssertAsync(async () =>
        {
            var health = await reviews.GetAsync("/health").ExpectAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("no queue 'reviews.changes'", health.GetProperty("checks").GetProperty("sync").GetProperty("description").GetString(),
                StringComparison.Ordinal);
        });

        await system.StopAsync("messaging");
        await system.StartAsync("messaging");

        await Eventually.AssertAsync(async () =>
            Assert.Equal("Healthy", (await reviews.GetAsync("/health").ExpectAsync(HttpStatusCode.OK)).Text("status")), TimeSpan.FromMinutes(1));
    }

    /// <summary>Runs <paramref name="attempt"/> as <paramref name="user"/>; empty when the broker refused it (403), else what went through.</summary>
    async Task<string> RefusedAsync(string user, string what, Func<RawBroker, Task> attempt)
    {
        await using var broker = await RawBroker.ConnectAsync(system, user);
        var code = await broker.RefusalOfAsync(attempt);
        return code == RawBroker.AccessRefused ? "" : $"{user} could {what} (channel: {code?.ToString() ?? "open"})";
    }

    /// <summary>Every row, in any table of <paramref name="database"/> with a uuid <c>id</c>, that has this id.</summary>
    async Task<List<string>> RowsWithIdAsync(string database, Guid id)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        var tables = new List<string>();
        await using (var find = connection.CreateCommand())
        {
            find.CommandText = "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid'";
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var look = connection.CreateCommand();
            look.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE id = @id";
            look.Parameters.AddWithValue("id", id);
            if ((long)(await look.ExecuteScalarAsync())! > 0)
            {
                found.Add($"{database}.{table}");
            }
        }
        return found;
    }

    /// <summary>
    /// A well-formed snapshot of <paramref name="type"/> (every contract's members; each reader ignores the others')
    /// that keeps every contract's invariants, so only its provenance can refuse it: without the check it would be applied.
    /// </summary>
    static string Snapshot(string type, Guid id) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = id, ["version"] = 1L, ["deleted"] = false,
        ["email"] = $"{id:N}@example.com", ["displayName"] = "Forged", ["role"] = "RestaurantOwner",
        ["ownerId"] = Guid.NewGuid(), ["name"] = "Forged", ["address"] = "1 Forged St", ["cuisine"] = "Forged", ["isOpen"] = true,
        ["restaurantId"] = Guid.NewGuid(), ["priceMinor"] = 100L, ["currency"] = "EUR", ["available"] = true,
        ["customerId"] = Guid.NewGuid(), ["totalMinor"] = 100L, ["placedAt"] = DateTimeOffset.UtcNow,
        ["lines"] = new[] { new { menuItemId = Guid.NewGuid(), name = "Forged", unitPriceMinor = 100L, quantity = 1 } },
        ["orderId"] = Guid.NewGuid(), ["amountMinor"] = 100L, ["failureReason"] = null, ["courierId"] = Guid.NewGuid(),
        ["onDuty"] = true, ["currentDeliveryId"] = null, ["availableSince"] = DateTimeOffset.UtcNow,
        ["stars"] = 5, ["text"] = "Forged",
        ["status"] = type switch
        {
            nameof(AccountChanged) => "Active",
            nameof(OrderChanged) => "Placed",
            nameof(PaymentChanged) => "Captured",
            nameof(DeliveryChanged) => "Assigned",
            _ => "Active",
        },
    });

    static string Payment(Guid id) => JsonSerializer.Serialize(new
    {
        id, version = 1L, deleted = false, orderId = Guid.NewGuid(), amountMinor = 100L, currency = "EUR", status = "Captured", failureReason = (string?)null,
    });

    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];

    /// <summary>One forged event: who should refuse it (null: nobody is bound), its type, who it claims to be from.</summary>
    sealed record Forgery(string? Consumer, string Type, string ClaimedPublisher, string? Cluster)
    {
        public Guid Id { get; } = Guid.NewGuid();

        public string MessageId { get; } = Guid.NewGuid().ToString();
    }
}
