using FoodDelivery.Contracts;

namespace FoodDelivery.Delivery.Domain;

/// <summary>
/// Who is next: the courier of this cluster available longest, and the delivery of this cluster waiting
/// longest. Written as queries so the database picks the first row, and the same rule runs over a list in tests.
/// </summary>
public static class DispatchQueue
{
    /// <summary>Available couriers homed in <paramref name="cluster"/>, longest available first (ties by id, so the order is total).</summary>
    public static IQueryable<Courier> AvailableLongestFirst(this IQueryable<Courier> couriers, string cluster) =>
        couriers.Where(c => c.AvailableSince != null && c.HomeCluster == cluster)
            .OrderBy(c => c.AvailableSince).ThenBy(c => c.Id);

    /// <summary>Waiting deliveries homed in <paramref name="cluster"/>, longest waiting first: version 7 ids grow with time.</summary>
    public static IQueryable<CourierDelivery> WaitingLongestFirst(this IQueryable<CourierDelivery> deliveries, string cluster) =>
        deliveries.Where(d => d.Status == DeliveryStatus.Waiting && d.HomeCluster == cluster)
            .OrderBy(d => d.Id);
}
