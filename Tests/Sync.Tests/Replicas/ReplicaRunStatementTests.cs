using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Tests.Replicas;

/// <summary>
/// Which deliveries a plain replica applies in one statement, and the statement's shape: fixed text per table (so the
/// server keeps it prepared) taking the run as typed arrays. What it does to rows is the system tests' (real database).
/// </summary>
public sealed class ReplicaRunStatementTests
{
    static readonly ReplicaSubscription<RestaurantChanged, RestaurantCopy> Restaurants = new(ReplicaMapping.ByName<RestaurantChanged, RestaurantCopy>());
    static readonly ReplicaSubscription<OrderChanged, OrderCopy> Orders = new(ReplicaMapping.ByName<OrderChanged, OrderCopy>());
    static readonly ReplicaSubscription<OrderChanged, OrderCopy> OrdersWithReaction =
        new(ReplicaMapping.ByName<OrderChanged, OrderCopy>(), _ => new NoReaction());

    [Fact]
    public void Plain_replica_deliveries_go_in_one_statement_per_table_tables_by_event_type_rows_by_id()
    {
        var run = new[]
        {
            Accepted(Restaurants, Restaurant(Id(3))),
            Accepted(Orders, Order(Id(2))),
            Accepted(Restaurants, Restaurant(Id(1))),
            Accepted(Restaurants, Restaurant(Id(2))),
        };

        var groups = ReplicaRunStatement.Groups(run);

        Assert.Equal(new List<List<int>> { new() { 1 }, new() { 2, 3, 0 } }, groups);
    }

    [Fact]
    public void A_replica_with_a_reaction_keeps_the_transaction()
    {
        var run = new[] { Accepted(OrdersWithReaction, Order(Id(1))), Accepted(Restaurants, Restaurant(Id(1))) };

        Assert.Equal(new List<List<int>> { new() { 1 } }, ReplicaRunStatement.Groups(run));
        Assert.Empty(ReplicaRunStatement.Groups([run[0]]));
    }

    [Fact]
    public void A_message_id_or_a_row_that_occurs_twice_in_a_run_is_left_to_the_transaction()
    {
        var resent = Accepted(Restaurants, Restaurant(Id(1)));
        var run = new[]
        {
            resent,
            resent,
            Accepted(Restaurants, Restaurant(Id(2), version: 1)),
            Accepted(Restaurants, Restaurant(Id(2), version: 2)),
            Accepted(Restaurants, Restaurant(Id(3))),
            // The same message id from another owner is another identity.
            resent with { Provenance = new Provenance("orders", SyncOptions.DefaultCluster), Subscription = Orders, Change = Order(Id(4)) },
        };

        Assert.Equal(new List<List<int>> { new() { 5 }, new() { 4 } }, ReplicaRunStatement.Groups(run));
    }

    [Fact]
    public void The_statement_is_the_same_text_for_every_run_of_a_table_and_takes_the_rows_as_typed_arrays()
    {
        using var db = new ProbeDb();
        var table = ReplicaTable.Of(db, typeof(CourierCopy));
        var rows = new object[] { new CourierCopy { Id = Id(1), Version = 1, Name = "One" }, new CourierCopy { Id = Id(2), Version = 2, Name = "Two" } };

        var parameters = table.RunParameters(rows);

        Assert.Same(table.ApplyRun, ReplicaTable.Of(db, typeof(CourierCopy)).ApplyRun);
        Assert.All(parameters, parameter => Assert.Equal(2, ((Array)parameter.Value!).Length));
        Assert.Contains(parameters, parameter => parameter.Value is Guid[] ids && ids.SequenceEqual([Id(1), Id(2)]));
        Assert.Contains(parameters, parameter => parameter.Value is string[] names && names.SequenceEqual(["One", "Two"]));
        Assert.Contains(parameters, parameter => parameter.Value is Guid?[]);
        foreach (var parameter in parameters)
        {
            Assert.Contains("@" + parameter.ParameterName, table.ApplyRun, StringComparison.Ordinal);
        }
        // No BEGIN or COMMIT of its own: one statement is its own transaction.
        Assert.DoesNotContain("BEGIN", table.ApplyRun, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("WITH run AS", table.ApplyRun, StringComparison.Ordinal);
    }

    static Guid Id(int number) => new($"00000000-0000-7000-8000-{number:D12}");

    static RestaurantChanged Restaurant(Guid id, long version = 1) =>
        ValidEvents.RestaurantChanged() with { Id = id, Version = version };

    static OrderChanged Order(Guid id) => ValidEvents.OrderChanged() with { Id = id };

    static AcceptedChange Accepted(Subscription subscription, IChangeEvent change)
    {
        var owner = ServiceCatalogue.OwnerOf(subscription.EventType)!;
        var delivery = new ChangeDelivery($"message-{Guid.NewGuid():N}", subscription.EventType, $"fooddelivery.{owner}", ReceivedFrom: null,
            ClaimedPublisher: null, ClaimedCluster: null, CommittedAt: null, [], new BasicProperties());
        return new AcceptedChange(delivery, subscription, change, new Provenance(owner, SyncOptions.DefaultCluster));
    }

    sealed class RestaurantCopy : IReplica
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public string Name { get; set; } = "";
    }

    sealed class CourierCopy : IReplica
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public string Name { get; set; } = "";
        public Guid? VehicleId { get; set; }
    }

    sealed class OrderCopy : IReplica
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
    }

    sealed class NoReaction : IChangeHandler<OrderChanged>
    {
        public Task<ChangeOutcome> HandleAsync(OrderChanged change, ChangeContext context, CancellationToken ct) => Task.FromResult(ChangeOutcome.Applied);
    }

    sealed class ProbeDb() : SyncDbContext(new DbContextOptionsBuilder<ProbeDb>().UseNpgsql("Host=nowhere").UseSnakeCaseNamingConvention().Options)
    {
        public DbSet<CourierCopy> Couriers => Set<CourierCopy>();
    }
}
