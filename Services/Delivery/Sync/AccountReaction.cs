using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Data;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Sync;

/// <summary>
/// A courier whose account was deleted or suspended goes off duty, so no new delivery is assigned to
/// them; a delivery they already carry stays theirs to finish.
/// </summary>
public sealed class AccountReaction(TimeProvider time) : IChangeHandler<AccountChanged>
{
    /// <summary>What this reaction leaves behind, checked by the convergence check on delivery's own data.</summary>
    public static IReadOnlyList<EffectInvariant> Invariants { get; } =
    [
        EffectInvariant.Of<DeliveryDb>("every courier on duty has an active courier account", db => db.Couriers
            .Where(c => c.OnDuty && !db.AccountReplicas.Any(a => a.Id == c.Id && a.Status == AccountStatus.Active && a.Role == AccountRole.Courier))
            .Select(c => c.Id)),
    ];

    public async Task<ChangeOutcome> HandleAsync(AccountChanged change, ChangeContext context, CancellationToken ct)
    {
        var db = (DeliveryDb)context.Db;
        // Tombstones are filtered out: a deleted account reads as none.
        var account = await db.AccountReplicas.AsNoTracking().FirstOrDefaultAsync(a => a.Id == change.Id, ct);
        if (account is { Status: AccountStatus.Active, Role: AccountRole.Courier })
        {
            return ChangeOutcome.Applied;
        }
        await Dispatcher.LockAsync(db, ct);
        if (await db.Couriers.FirstOrDefaultAsync(c => c.Id == change.Id && c.OnDuty, ct) is { } courier)
        {
            courier.SetOnDuty(false, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        return ChangeOutcome.Applied;
    }
}
