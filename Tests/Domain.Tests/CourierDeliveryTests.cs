using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Domain;

namespace FoodDelivery.Domain.Tests;

/// <summary>A delivery goes Waiting, Assigned, PickedUp, Delivered; it can be cancelled only before pickup.</summary>
public sealed class CourierDeliveryTests
{
    [Fact]
    public void A_waiting_delivery_is_assigned_once_to_one_courier()
    {
        var delivery = NewDelivery();
        var first = Guid.NewGuid();

        Assert.True(delivery.AssignTo(first));
        Assert.False(delivery.AssignTo(Guid.NewGuid()));
        Assert.Equal(first, delivery.CourierId);
        Assert.Equal(DeliveryStatus.Assigned, delivery.Status);
    }

    [Fact]
    public void The_food_is_picked_up_before_it_is_delivered()
    {
        var delivery = NewDelivery();
        delivery.AssignTo(Guid.NewGuid());

        Assert.False(delivery.Deliver());
        Assert.True(delivery.PickUp());
        Assert.False(delivery.PickUp());
        Assert.True(delivery.Deliver());
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
    }

    [Fact]
    public void An_unassigned_delivery_cannot_be_picked_up()
    {
        var delivery = NewDelivery();

        Assert.False(delivery.PickUp());
        Assert.Equal(DeliveryStatus.Waiting, delivery.Status);
    }

    [Theory]
    [InlineData(DeliveryStatus.Waiting, true)]
    [InlineData(DeliveryStatus.Assigned, true)]
    [InlineData(DeliveryStatus.PickedUp, false)]
    [InlineData(DeliveryStatus.Delivered, false)]
    [InlineData(DeliveryStatus.Cancelled, false)]
    public void A_delivery_is_cancelled_only_before_the_courier_has_the_food(DeliveryStatus status, bool cancelled)
    {
        var delivery = DeliveryIn(status);

        Assert.Equal(cancelled, delivery.Cancel());
        Assert.Equal(cancelled ? DeliveryStatus.Cancelled : status, delivery.Status);
    }

    [Fact]
    public void A_cancelled_delivery_is_never_assigned()
    {
        var delivery = DeliveryIn(DeliveryStatus.Cancelled);

        Assert.False(delivery.AssignTo(Guid.NewGuid()));
        Assert.Null(delivery.CourierId);
    }

    static CourierDelivery NewDelivery() => new() { OrderId = Guid.NewGuid(), RestaurantId = Guid.NewGuid() };

    static CourierDelivery DeliveryIn(DeliveryStatus status)
    {
        var delivery = NewDelivery();
        var reached = status switch
        {
            DeliveryStatus.Waiting => true,
            DeliveryStatus.Assigned => delivery.AssignTo(Guid.NewGuid()),
            DeliveryStatus.PickedUp => delivery.AssignTo(Guid.NewGuid()) && delivery.PickUp(),
            DeliveryStatus.Delivered => delivery.AssignTo(Guid.NewGuid()) && delivery.PickUp() && delivery.Deliver(),
            DeliveryStatus.Cancelled => delivery.Cancel(),
            _ => false,
        };
        Assert.True(reached && delivery.Status == status, $"could not bring a delivery to {status}");
        return delivery;
    }
}
