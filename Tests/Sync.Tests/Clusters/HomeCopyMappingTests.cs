using FoodDelivery.Contracts;
using FoodDelivery.Sync.Clusters;

namespace FoodDelivery.Sync.Tests.Clusters;

/// <summary>
/// The read-only copy of an entity homed in the other cluster is the owner's own entity type, filled from the event:
/// every event property lands on the entity's property of the same name (private setters too), names become the
/// owner's enums, and lists of snapshots become the entity's own lines. An event property with nowhere to go fails
/// when the mapping is made.
/// </summary>
public sealed class HomeCopyMappingTests
{
    [Fact]
    public void Every_event_property_lands_on_the_entity_with_names_as_enums_and_snapshots_as_lines()
    {
        var change = ValidEvents.OrderChanged();
        var order = new Order();

        HomeCopyMapping.For(typeof(OrderChanged), typeof(Order)).CopyInto(change, order);

        Assert.Equal((change.Id, change.Version, change.CustomerId, change.TotalMinor), (order.Id, order.Version, order.CustomerId, order.TotalMinor));
        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(change.Lines.Select(line => (line.MenuItemId, line.Name, line.UnitPriceMinor, line.Quantity)),
            order.Lines.Select(line => (line.MenuItemId, line.Name, line.UnitPriceMinor, line.Quantity)));
    }

    [Fact]
    public void An_event_property_the_entity_lacks_fails_when_the_mapping_is_made()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => HomeCopyMapping.For(typeof(RestaurantChanged), typeof(Order)));

        Assert.Equal("RestaurantChanged.OwnerId has no Order.OwnerId to copy into in the other cluster.", refusal.Message);
    }

    sealed class Order
    {
        public Guid Id { get; private set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public Guid CustomerId { get; private set; }
        public Guid RestaurantId { get; private set; }
        public OrderStatus Status { get; private set; }
        public string Currency { get; private set; } = "";
        public long TotalMinor { get; private set; }
        public DateTimeOffset PlacedAt { get; private set; }
        public List<Line> Lines { get; private set; } = [];
    }

    sealed class Line
    {
        public Guid MenuItemId { get; private set; }
        public string Name { get; private set; } = "";
        public long UnitPriceMinor { get; private set; }
        public int Quantity { get; private set; }
    }
}
