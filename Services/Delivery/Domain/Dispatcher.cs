using FoodDelivery.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Domain;

/// <summary>
/// Matches waiting deliveries with available couriers. Every decision that assigns, frees or picks
/// up runs under one transaction-scoped advisory lock of this database, in requests and in the
/// order reaction alike: otherwise a courier going available and a delivery being opened at the
/// same moment would each see no partner and both wait forever, or two deliveries would take the
/// same courier. Delivery's writes are few and short, so one lock costs little.
/// </summary>
public static class Dispatcher
{
    /// <summary>An arbitrary constant that names "dispatch" among this database's advisory locks.</summary>
    const long LockKey = 0x0DE11FE7;

    /// <summary>Waits for the dispatch lock; the caller's transaction releases it when it ends.</summary>
    public static async Task LockAsync(DeliveryDb db, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);

    /// <summary>Runs <paramref name="work"/> in a transaction holding the dispatch lock, retried whole on a transient failure.</summary>
    public static Task<T> ExclusivelyAsync<T>(DeliveryDb db, Func<Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await LockAsync(db, token);
            var result = await work();
            await transaction.CommitAsync(token);
            return result;
        }, ct);

    /// <summary>
    /// A delivery for a paid order, given to the courier of this cluster who has been available
    /// longest, else Waiting. (Couriers homed in the other cluster are dispatched there.)
    /// </summary>
    public static async Task<CourierDelivery> OpenAsync(DeliveryDb db, string cluster, Guid orderId, long orderVersion, Guid restaurantId, CancellationToken ct)
    {
        var delivery = CourierDelivery.For(orderId, orderVersion, restaurantId);
        db.Deliveries.Add(delivery);
        var courier = await db.Couriers.AvailableLongestFirst(cluster).FirstOrDefaultAsync(ct);
        if (courier is not null)
        {
            Assign(delivery, courier);
        }
        return delivery;
    }

    /// <summary>An available courier takes the delivery of this cluster that has waited longest, if any.</summary>
    public static async Task AssignNextAsync(DeliveryDb db, string cluster, Courier courier, CancellationToken ct)
    {
        if (!courier.Available)
        {
            return;
        }
        var waiting = await db.Deliveries.WaitingLongestFirst(cluster).FirstOrDefaultAsync(ct);
        if (waiting is not null)
        {
            Assign(waiting, courier);
        }
    }

    /// <summary>The courier is done with their delivery (delivered or cancelled) and takes the next one waiting.</summary>
    public static async Task ReleaseAsync(DeliveryDb db, string cluster, Guid courierId, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Couriers.FirstOrDefaultAsync(c => c.Id == courierId, ct) is not { } courier)
        {
            return;
        }
        courier.Release(now);
        await AssignNextAsync(db, cluster, courier, ct);
    }

    static void Assign(CourierDelivery delivery, Courier courier)
    {
        delivery.AssignTo(courier.Id);
        courier.Take(delivery.Id);
    }
}
