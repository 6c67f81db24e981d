using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Sync.Tests.Replicas;

/// <summary>
/// A replica that is a plain copy needs no mapping code: each settable property takes the event's property of the same
/// name. What cannot be copied that way fails when the service registers it, naming the property, not on the first event.
/// </summary>
public sealed class ReplicaMappingTests
{
    [Fact]
    public void Each_settable_property_takes_the_event_s_property_of_the_same_name()
    {
        var change = ValidEvents.RestaurantChanged();

        var copy = ReplicaMapping.ByName<RestaurantChanged, RestaurantCopy>()(change);

        Assert.Equal((change.Id, change.Version, change.Deleted, change.Name, change.IsOpen), (copy.Id, copy.Version, copy.Deleted, copy.Name, copy.IsOpen));
        Assert.Equal("kept", copy.Computed);
    }

    [Fact]
    public void A_status_word_becomes_the_owner_s_enum()
    {
        var change = ValidEvents.OrderChanged() with { Status = nameof(OrderStatus.Paid) };

        var copy = ReplicaMapping.ByName<OrderChanged, OrderCopy>()(change);

        Assert.Equal((change.Id, OrderStatus.Paid), (copy.Id, copy.Status));
    }

    [Fact]
    public void A_word_into_a_nullable_enum_keeps_a_missing_word_missing()
    {
        var map = ReplicaMapping.ByName<PaymentChanged, PaymentCopy>();

        Assert.Equal(PaymentStatus.Failed, map(ValidEvents.Payment() with { Status = nameof(PaymentStatus.Failed), FailureReason = "declined" }).Status);
        Assert.Null(map(ValidEvents.Payment() with { Status = null! }).Status);
    }

    [Fact]
    public void A_replica_property_the_event_lacks_fails_at_registration_naming_both()
    {
        var refusal = Assert.Throws<InvalidOperationException>(ReplicaMapping.ByName<RestaurantChanged, WithNickname>);

        Assert.Equal("WithNickname.Nickname has no RestaurantChanged.Nickname to copy from: pass a mapping to Replicates().", refusal.Message);
    }

    [Fact]
    public void A_replica_property_of_another_type_fails_at_registration_naming_both_types()
    {
        var refusal = Assert.Throws<InvalidOperationException>(ReplicaMapping.ByName<RestaurantChanged, NameAsNumber>);

        Assert.Equal("NameAsNumber.Name (Int32) cannot take RestaurantChanged.Name (String).", refusal.Message);
    }

    [Fact]
    public void A_replica_without_a_parameterless_constructor_fails_at_registration()
    {
        var refusal = Assert.Throws<InvalidOperationException>(ReplicaMapping.ByName<RestaurantChanged, Constructed>);

        Assert.Contains("Constructed needs a parameterless constructor", refusal.Message, StringComparison.Ordinal);
    }

    sealed class RestaurantCopy : IReplica
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public string Name { get; set; } = "";
        public bool IsOpen { get; set; }

        /// <summary>Not settable: not the mapping's.</summary>
        public string Computed => "kept";
    }

    sealed class OrderCopy : IReplica
    {
        public Guid Id { get; init; }
        public long Version { get; init; }
        public bool Deleted { get; init; }
        public OrderStatus Status { get; init; }
    }

    sealed class PaymentCopy : IReplica
    {
        public Guid Id { get; init; }
        public long Version { get; init; }
        public bool Deleted { get; init; }
        public PaymentStatus? Status { get; init; }
    }

    sealed class WithNickname : IReplica
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public string Nickname { get; set; } = "";
    }

    sealed class NameAsNumber : IReplica
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public int Name { get; set; }
    }

    sealed class Constructed(Guid id) : IReplica
    {
        public Guid Id { get; set; } = id;
        public long Version { get; set; }
        public bool Deleted { get; set; }
    }
}
