using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// A delivery that passed every check that needs no database (ids, provenance, a subscription, its body and
/// invariants): what is left is to apply it.
/// </summary>
sealed record AcceptedChange(ChangeDelivery Delivery, Subscription Subscription, IChangeEvent Change, Provenance Provenance)
{
    public string MessageId => Delivery.MessageId!;

    public string Type => Delivery.Type!;
}
