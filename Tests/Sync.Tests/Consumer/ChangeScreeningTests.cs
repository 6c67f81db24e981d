using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.OwnedEntities;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Replicas;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Tests.Consumer;

/// <summary>
/// What a delivery must be before it reaches the database: well formed, from the owner whose exchange it came through,
/// of a type this service keeps, and a body that parses and keeps its contract's invariants. Menu replicates
/// restaurants and orders here and publishes its menu items; with two clusters, west's menu keeps east's items as copies.
/// </summary>
public sealed class ChangeScreeningTests
{
    static readonly SyncOptions OneCluster = new() { ServiceName = "menu" };
    static readonly SyncOptions West = new() { ServiceName = "menu", Cluster = "west", PeerCluster = "east" };

    [Fact]
    public void A_restaurant_change_from_restaurants_exchange_is_accepted_as_restaurants_in_this_cluster()
    {
        var change = ValidEvents.RestaurantChanged();

        var verdict = Screen(OneCluster, Delivery(change, BrokerNames.OwnerExchange("restaurants")), out var accepted);

        Assert.Null(verdict);
        Assert.Equal(change, accepted!.Change);
        Assert.Equal(new Provenance("restaurants", SyncOptions.DefaultCluster), accepted.Provenance);
        Assert.Equal(nameof(RestaurantChanged), accepted.Subscription.EventType);
    }

    [Fact]
    public void A_malformed_delivery_is_dead_lettered_with_what_is_wrong()
    {
        var delivery = Delivery(ValidEvents.RestaurantChanged(), BrokerNames.OwnerExchange("restaurants")) with { Malformed = "no message id" };

        Assert.Equal(DeliveryVerdict.DeadLetter("no message id"), Screen(OneCluster, delivery, out _));
    }

    [Theory]
    [InlineData("fooddelivery.changes", "arrived through 'fooddelivery.changes', which is no owner's exchange")]
    [InlineData("fooddelivery.accounts", "is owned by restaurants, but arrived through fooddelivery.accounts, which only accounts writes")]
    public void A_change_through_an_exchange_its_owner_does_not_write_is_unauthorised(string exchange, string reason)
    {
        var verdict = Screen(OneCluster, Delivery(ValidEvents.RestaurantChanged(), exchange), out var accepted);

        Assert.Equal(ChangeOutcome.Unauthorised, verdict!.Outcome);
        Assert.StartsWith(DeliveryVerdict.UnauthorisedPublisher + ": ", verdict.DeadLetterReason, StringComparison.Ordinal);
        Assert.Contains(reason, verdict.DeadLetterReason, StringComparison.Ordinal);
        Assert.Null(accepted);
    }

    [Fact]
    public void A_sender_that_claims_another_publisher_or_cluster_than_its_exchange_says_is_unauthorised()
    {
        var exchange = BrokerNames.OwnerExchange("restaurants");
        var change = ValidEvents.RestaurantChanged();

        Assert.Contains("claims app_id menu", Screen(OneCluster, Delivery(change, exchange) with { ClaimedPublisher = "menu" }, out _)!.DeadLetterReason,
            StringComparison.Ordinal);
        Assert.Contains("claims cluster east", Screen(OneCluster, Delivery(change, exchange) with { ClaimedCluster = "east" }, out _)!.DeadLetterReason,
            StringComparison.Ordinal);
        Assert.Null(Screen(OneCluster, Delivery(change, exchange) with { ClaimedPublisher = "restaurants", ClaimedCluster = "main" }, out _));
    }

    [Fact]
    public void A_replay_is_judged_by_the_exchange_it_first_came_through_and_refused_without_one()
    {
        var replay = BrokerNames.ReplayExchange("menu");
        var change = ValidEvents.RestaurantChanged();

        Assert.Null(Screen(OneCluster, Delivery(change, replay) with { ReceivedFrom = BrokerNames.OwnerExchange("restaurants") }, out _));
        Assert.Contains("came back from the dead letters with no record of the exchange",
            Screen(OneCluster, Delivery(change, replay), out _)!.DeadLetterReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_this_service_does_not_keep_is_acknowledged_as_unknown()
    {
        Assert.Equal(DeliveryVerdict.Ack(ChangeOutcome.Unknown),
            Screen(OneCluster, Delivery(ValidEvents.Payment(), BrokerNames.OwnerExchange("payments")), out _));
        Assert.Equal(DeliveryVerdict.Ack(ChangeOutcome.Unknown),
            Screen(OneCluster, Delivery(ValidEvents.RestaurantChanged(), BrokerNames.OwnerExchange("restaurants")) with { Type = "RestaurantRenamed" }, out _));
    }

    [Fact]
    public void Its_own_event_is_skipped_in_its_own_cluster_and_kept_as_a_home_copy_from_the_peer()
    {
        var item = ValidEvents.MenuItem();

        Assert.Equal(DeliveryVerdict.Ack(ChangeOutcome.Own), Screen(West, Delivery(item, BrokerNames.OwnerExchange("menu")), out _));

        Assert.Null(Screen(West, Delivery(item, BrokerNames.PeerExchange("east", "menu")), out var copy));
        Assert.Equal(new Provenance("menu", "east"), copy!.Provenance);
        Assert.Equal(nameof(MenuItemChanged), copy.Subscription.EventType);
    }

    [Fact]
    public void A_body_that_is_not_the_contract_is_dead_lettered_naming_the_place_never_the_value()
    {
        var verdict = Screen(OneCluster, Delivery(nameof(RestaurantChanged), "{\"id\": \"secret-value\""u8.ToArray(), BrokerNames.OwnerExchange("restaurants")), out _);

        Assert.Equal(ChangeOutcome.DeadLettered, verdict!.Outcome);
        Assert.StartsWith("The body is not a valid RestaurantChanged: ", verdict.DeadLetterReason, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", verdict.DeadLetterReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id", "invalid-event: RestaurantChanged.Id is ")]
    [InlineData("version", "invalid-event: RestaurantChanged.Version is 0")]
    [InlineData("name", "invalid-event: RestaurantChanged.Name is empty")]
    public void A_change_that_breaks_its_contract_is_dead_lettered_with_the_breach(string broken, string reason)
    {
        var valid = ValidEvents.RestaurantChanged();
        var change = broken switch
        {
            "id" => valid with { Id = Guid.Empty },
            "version" => valid with { Version = 0 },
            _ => valid with { Name = "" },
        };

        var verdict = Screen(OneCluster, Delivery(change, BrokerNames.OwnerExchange("restaurants")), out _);

        Assert.Equal(ChangeOutcome.DeadLettered, verdict!.Outcome);
        Assert.StartsWith(reason, verdict.DeadLetterReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_without_a_list_its_contract_needs_is_dead_lettered_and_nothing_throws()
    {
        var order = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(ValidEvents.OrderChanged(), ChangeEventTypes.JsonTypeInfo<OrderChanged>()))!.AsObject();
        order.Remove("lines");

        var verdict = Screen(OneCluster, Delivery(nameof(OrderChanged), Encoding.UTF8.GetBytes(order.ToJsonString()), BrokerNames.OwnerExchange("orders")), out _);

        Assert.Equal(ChangeOutcome.DeadLettered, verdict!.Outcome);
        Assert.Contains("Lines", verdict.DeadLetterReason, StringComparison.OrdinalIgnoreCase);
    }

    static DeliveryVerdict? Screen(SyncOptions options, ChangeDelivery delivery, out AcceptedChange? accepted) =>
        new ChangeScreening(Registrations(), new PublisherProvenance(options), options).Screen(delivery, out accepted);

    static SyncRegistrations Registrations() => new SyncRegistrations()
        .Publishes<MenuItemRow, MenuItemChanged>(item => throw new NotSupportedException("screening never publishes"))
        .Replicates<RestaurantChanged, RestaurantCopy>()
        .Replicates<OrderChanged, OrderCopy>();

    static ChangeDelivery Delivery<TEvent>(TEvent change, string exchange) where TEvent : IChangeEvent =>
        Delivery(typeof(TEvent).Name, JsonSerializer.SerializeToUtf8Bytes(change, ChangeEventTypes.JsonTypeInfo<TEvent>()), exchange);

    static ChangeDelivery Delivery(string type, byte[] body, string exchange) =>
        new($"message-{Guid.NewGuid():N}", type, exchange, ReceivedFrom: null, ClaimedPublisher: null, ClaimedCluster: null,
            CommittedAt: null, body, new BasicProperties());

    sealed class RestaurantCopy : IReplica
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public string Name { get; set; } = "";
    }

    sealed class OrderCopy : IReplica
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public string Status { get; set; } = "";
    }

    sealed class MenuItemRow : IOwnedEntity
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public string HomeCluster { get; set; } = "";
        public Guid RestaurantId { get; set; }
        public string Name { get; set; } = "";
        public long PriceMinor { get; set; }
        public string Currency { get; set; } = "";
        public bool Available { get; set; }
    }
}
