using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.ServiceDefaults;

/// <summary>Looks accounts up in a service's replica of accounts (<typeparamref name="TRow"/> in <typeparamref name="TDb"/>).</summary>
public sealed class AccountRowStanding<TDb, TRow>(TDb db) : IAccountStanding
    where TDb : DbContext
    where TRow : class, IAccountRow
{
    public Task<AccountOnRecord?> FindAsync(Guid accountId, CancellationToken ct) =>
        // Tombstones too: a deleted account is refused as deleted, not told to wait for its arrival.
        db.Set<TRow>().IgnoreQueryFilters().AsNoTracking()
            .Where(row => row.Id == accountId)
            .Select(row => new AccountOnRecord(row.Role, row.Status, row.Deleted))
            .FirstOrDefaultAsync(ct);
}
