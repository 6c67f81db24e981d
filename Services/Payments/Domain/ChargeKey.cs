using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Payments.Domain;

/// <summary>
/// The identity of an order's one charge, which every cluster derives the same way from the order alone
/// (<see cref="DerivedId"/>, in payments' own namespace). It is the payment's id, so a second charge of the order meets
/// the first at the payments table's primary key, whether the first is this cluster's row or the home copy of the
/// other's, and two clusters that both charged the order during a partition wrote the same payment, not two; it is also
/// the idempotency key a real processor is called with, so the money moves once. The order's version is not part of
/// it: an order is placed once (created Placed, never placed again), while the version a cluster sees it Placed at is
/// not the same in both (a take-over restarts the write count in the next epoch).
/// </summary>
public static class ChargeKey
{
    /// <summary>Payments' namespace for charge keys (fixed for good: changing it would charge every order again).</summary>
    public static readonly Guid Namespace = Guid.Parse("6f1c35a2-4d0e-4b7a-9a61-2c8d5e0b9f13");

    public static Guid Of(Guid orderId) => DerivedId.Of(Namespace, orderId);
}
