using FoodDelivery.Sync.Inbox;

namespace FoodDelivery.Sync.Tests;

/// <summary>A run is applied by (type, id) for lock order, and each entity's versions in (epoch, write) order.</summary>
public sealed class RunOrderTests
{
    const long Epoch = 1L << 32;
    static readonly Guid First = new("00000000-0000-0000-0000-000000000001");
    static readonly Guid Second = new("00000000-0000-0000-0000-000000000002");

    static int[] Order(params (string Type, Guid Id, long Version)[] run) => RunOrder.Of(run, change => change);

    [Fact]
    public void An_epoch_2_version_that_arrived_before_the_epoch_1_version_of_the_same_entity_is_applied_after_it() =>
        Assert.Equal([1, 0], Order(("MenuItemChanged", First, 2 * Epoch + 1), ("MenuItemChanged", First, Epoch + 3)));

    [Fact]
    public void Versions_of_one_entity_are_applied_in_epoch_then_write_order_whatever_the_arrival_order() =>
        Assert.Equal([3, 1, 0, 2], Order(
            ("MenuItemChanged", First, Epoch + 2),
            ("MenuItemChanged", First, 5),
            ("MenuItemChanged", First, 2 * Epoch + 1),
            ("MenuItemChanged", First, 4)));

    [Fact]
    public void Entities_are_applied_by_type_then_id_so_concurrent_runs_lock_rows_in_one_order() =>
        Assert.Equal([2, 1, 0], Order(
            ("RestaurantChanged", First, 1),
            ("MenuItemChanged", Second, 1),
            ("MenuItemChanged", First, 9)));

    [Fact]
    public void A_version_held_twice_in_a_run_keeps_its_arrival_order() =>
        Assert.Equal([0, 1], Order(("MenuItemChanged", First, 7), ("MenuItemChanged", First, 7)));

    [Fact]
    public void One_by_one_keeps_the_arrival_order_but_puts_each_entitys_versions_in_epoch_order_in_their_places() =>
        Assert.Equal([3, 1, 2, 0], RunOrder.OneByOne(new (string, Guid, long)[]
        {
            ("OrderChanged", First, 2 * Epoch + 1),
            ("PaymentChanged", Second, 1),
            ("RestaurantChanged", Second, 1),
            ("OrderChanged", First, Epoch + 4),
        }, change => change));
}
