using FoodDelivery.Contracts;
using FoodDelivery.Payments.Domain;

namespace FoodDelivery.Domain.Tests;

/// <summary>
/// An order's charge has one identity wherever it is made: a name-based UUID of the order id that both clusters
/// derive alike, so a charge made twice (once by each cluster during a partition) is one payment.
/// </summary>
public sealed class ChargeKeyTests
{
    const long Epoch = 1L << 32;
    static readonly Guid OrderId = Guid.Parse("0197a3c1-0000-7000-8000-000000000001");

    [Fact]
    public void Name_based_keys_are_RFC_9562_version_8_with_SHA_256() =>
        // RFC 9562 appendix B.2: the DNS namespace and "www.example.com".
        Assert.Equal(Guid.Parse("5c146b14-3c52-8afd-938a-375d0df1fbf6"),
            FoodDelivery.Sync.OwnedEntities.DerivedId.NameBased(Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"u8));

    [Fact]
    public void An_orders_charge_key_is_the_same_in_every_cluster_and_release()
    {
        // Recorded once (Python's hashlib agrees): a change here would charge every order placed before it again.
        Assert.Equal(Guid.Parse("0197a3c1-0000-83d3-9739-411e15857ae1"), ChargeKey.Of(OrderId));
        Assert.NotEqual(ChargeKey.Of(OrderId), ChargeKey.Of(Guid.Parse("0197a3c1-0000-7000-8000-000000000002")));
    }

    [Fact]
    public void Charge_keys_sort_as_their_orders_were_placed()
    {
        var earlier = Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var later = Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddDays(20_000).AddMilliseconds(1));

        // As PostgreSQL orders uuids: byte by byte, which is the text's order.
        Assert.True(string.CompareOrdinal(ChargeKey.Of(earlier).ToString(), ChargeKey.Of(later).ToString()) < 0);
        Assert.Equal(earlier.ToString()[..13], ChargeKey.Of(earlier).ToString()[..13]);
    }

    [Fact]
    public void Both_clusters_opening_a_delivery_for_one_order_open_one_delivery_the_new_home_s_in_a_later_epoch()
    {
        var restaurantId = Guid.NewGuid();
        var oldHome = FoodDelivery.Delivery.Domain.CourierDelivery.For(OrderId, 2, restaurantId);
        var newHome = FoodDelivery.Delivery.Domain.CourierDelivery.For(OrderId, Epoch + 2, restaurantId);

        Assert.Equal(oldHome.Id, newHome.Id);
        Assert.NotEqual(ChargeKey.Of(OrderId), oldHome.Id);
        Assert.Equal((0L, 1L), (ChangeVersion.EpochOf(oldHome.Version), ChangeVersion.EpochOf(newHome.Version)));
    }

    [Fact]
    public void Both_clusters_authorising_one_order_make_one_payment_the_new_home_s_in_a_later_epoch()
    {
        var oldHome = Payment.Authorise(OrderId, 1, 1_450, "EUR");
        var newHome = Payment.Authorise(OrderId, Epoch + 1, 1_450, "EUR");

        Assert.Equal(ChargeKey.Of(OrderId), oldHome.Id);
        Assert.Equal(oldHome.Id, newHome.Id);
        // The engine starts each at the first write of the epoch set here (OwnedEntityVersioning.Stamp).
        Assert.Equal(0, ChangeVersion.EpochOf(oldHome.Version));
        Assert.Equal(1, ChangeVersion.EpochOf(newHome.Version));
    }
}
