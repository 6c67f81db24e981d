using FoodDelivery.Delivery.Domain;
using Microsoft.Extensions.Time.Testing;

namespace FoodDelivery.Domain.Tests;

/// <summary>
/// A courier is available while on duty and empty-handed, and their place in the queue is the moment
/// they became available: asking again keeps it, carrying a delivery gives it up.
/// </summary>
public sealed class CourierTests
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Going_on_duty_empty_handed_makes_a_courier_available_from_that_moment()
    {
        var courier = NewCourier();
        var onDutyAt = clock.GetUtcNow();

        courier.SetOnDuty(true, onDutyAt);

        Assert.True(courier.Available);
        Assert.Equal(onDutyAt, courier.AvailableSince);
    }

    [Fact]
    public void Saying_on_duty_again_keeps_the_courier_place_in_the_queue()
    {
        var courier = NewCourier();
        var firstAt = clock.GetUtcNow();
        courier.SetOnDuty(true, firstAt);

        clock.Advance(TimeSpan.FromMinutes(5));
        courier.SetOnDuty(true, clock.GetUtcNow());

        Assert.Equal(firstAt, courier.AvailableSince);
    }

    [Fact]
    public void Going_off_duty_leaves_the_queue_and_coming_back_joins_its_end()
    {
        var courier = NewCourier();
        courier.SetOnDuty(true, clock.GetUtcNow());

        courier.SetOnDuty(false, clock.GetUtcNow());
        Assert.False(courier.Available);

        clock.Advance(TimeSpan.FromMinutes(1));
        courier.SetOnDuty(true, clock.GetUtcNow());
        Assert.Equal(clock.GetUtcNow(), courier.AvailableSince);
    }

    [Fact]
    public void A_courier_carrying_a_delivery_is_not_available_even_on_duty()
    {
        var courier = NewCourier();
        courier.SetOnDuty(true, clock.GetUtcNow());
        var deliveryId = Guid.NewGuid();

        courier.Take(deliveryId);
        courier.SetOnDuty(true, clock.GetUtcNow());

        Assert.False(courier.Available);
        Assert.Equal(deliveryId, courier.CurrentDeliveryId);
    }

    [Fact]
    public void Released_on_duty_a_courier_is_available_from_the_release_not_from_before()
    {
        var courier = NewCourier();
        courier.SetOnDuty(true, clock.GetUtcNow());
        courier.Take(Guid.NewGuid());

        clock.Advance(TimeSpan.FromMinutes(20));
        courier.Release(clock.GetUtcNow());

        Assert.Null(courier.CurrentDeliveryId);
        Assert.Equal(clock.GetUtcNow(), courier.AvailableSince);
    }

    [Fact]
    public void A_courier_who_went_off_duty_while_carrying_is_not_available_after_the_release()
    {
        var courier = NewCourier();
        courier.SetOnDuty(true, clock.GetUtcNow());
        courier.Take(Guid.NewGuid());
        courier.SetOnDuty(false, clock.GetUtcNow());

        courier.Release(clock.GetUtcNow());

        Assert.False(courier.Available);
        Assert.Null(courier.CurrentDeliveryId);
    }

    static Courier NewCourier() => new() { Id = Guid.NewGuid() };
}
