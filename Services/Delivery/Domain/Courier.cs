using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Delivery.Domain;

/// <summary>
/// A courier's duty and load; the id is the courier's account id. Available means on duty and
/// empty-handed: the next delivery goes to the available courier who has waited longest.
/// </summary>
public sealed class Courier : IOwnedEntity
{
    public required Guid Id { get; init; }
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public string HomeCluster { get; set; } = "";

    /// <summary>What the courier asked for: to take deliveries or not.</summary>
    public bool OnDuty { get; private set; }

    /// <summary>The delivery the courier carries, if any; one at a time.</summary>
    public Guid? CurrentDeliveryId { get; private set; }

    /// <summary>Since when the courier has been available; null while unavailable. Orders the queue of couriers.</summary>
    public DateTimeOffset? AvailableSince { get; private set; }

    public bool Available => AvailableSince is not null;

    /// <summary>On duty, a courier without a delivery becomes available; off duty, nobody is assigned to them.</summary>
    public void SetOnDuty(bool onDuty, DateTimeOffset now)
    {
        OnDuty = onDuty;
        if (!onDuty)
        {
            AvailableSince = null;
        }
        else if (CurrentDeliveryId is null && AvailableSince is null)
        {
            AvailableSince = now;
        }
    }

    public void Take(Guid deliveryId)
    {
        CurrentDeliveryId = deliveryId;
        AvailableSince = null;
    }

    /// <summary>The delivery is done or cancelled: back in the queue if still on duty.</summary>
    public void Release(DateTimeOffset now)
    {
        CurrentDeliveryId = null;
        AvailableSince = OnDuty ? now : null;
    }
}
