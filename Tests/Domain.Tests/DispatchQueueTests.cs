using FoodDelivery.Delivery.Domain;
using Microsoft.Extensions.Time.Testing;

namespace FoodDelivery.Domain.Tests;

/// <summary>
/// The dispatcher's queues (the same queries it runs against the database, here over lists): the
/// courier of this cluster available longest takes the delivery of this cluster waiting longest.
/// </summary>
public sealed class DispatchQueueTests
{
    const string Here = "east";
    const string There = "west";

    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_courier_available_longest_is_next()
    {
        var first = OnDuty(Here);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = OnDuty(Here);

        Assert.Equal([first, second], Couriers(second, first));
    }

    [Fact]
    public void Couriers_available_at_the_same_moment_are_taken_by_id()
    {
        var a = OnDuty(Here);
        var b = OnDuty(Here);
        var (low, high) = a.Id.CompareTo(b.Id) < 0 ? (a, b) : (b, a);

        Assert.Equal([low, high], Couriers(high, low));
    }

    [Fact]
    public void Busy_off_duty_and_other_cluster_couriers_are_not_in_the_queue()
    {
        var busy = OnDuty(Here);
        busy.Take(Guid.NewGuid());
        var offDuty = OnDuty(Here);
        offDuty.SetOnDuty(false, clock.GetUtcNow());
        var elsewhere = OnDuty(There);
        clock.Advance(TimeSpan.FromMinutes(1));
        var ready = OnDuty(Here);

        Assert.Equal([ready], Couriers(busy, offDuty, elsewhere, ready));
    }

    [Fact]
    public void A_released_courier_queues_behind_those_who_waited_meanwhile()
    {
        var carrying = OnDuty(Here);
        carrying.Take(Guid.NewGuid());
        clock.Advance(TimeSpan.FromMinutes(1));
        var waiting = OnDuty(Here);
        clock.Advance(TimeSpan.FromMinutes(1));

        carrying.Release(clock.GetUtcNow());

        Assert.Equal([waiting, carrying], Couriers(carrying, waiting));
    }

    [Fact]
    public void The_delivery_waiting_longest_of_this_cluster_is_next_and_assigned_ones_are_not_waiting()
    {
        var oldest = Opened(Here);
        clock.Advance(TimeSpan.FromSeconds(1));
        var assigned = Opened(Here);
        assigned.AssignTo(Guid.NewGuid());
        var elsewhere = Opened(There);
        clock.Advance(TimeSpan.FromSeconds(1));
        var newest = Opened(Here);

        var queue = new[] { newest, elsewhere, assigned, oldest }.AsQueryable().WaitingLongestFirst(Here).ToList();

        Assert.Equal([oldest, newest], queue);
    }

    Courier OnDuty(string cluster)
    {
        var courier = new Courier { Id = Guid.NewGuid(), HomeCluster = cluster };
        courier.SetOnDuty(true, clock.GetUtcNow());
        return courier;
    }

    /// <summary>A delivery opened now: its version 7 id carries the moment, as the database's order relies on.</summary>
    CourierDelivery Opened(string cluster) =>
        new() { Id = Guid.CreateVersion7(clock.GetUtcNow()), OrderId = Guid.NewGuid(), RestaurantId = Guid.NewGuid(), HomeCluster = cluster };

    static List<Courier> Couriers(params Courier[] couriers) => couriers.AsQueryable().AvailableLongestFirst(Here).ToList();
}
