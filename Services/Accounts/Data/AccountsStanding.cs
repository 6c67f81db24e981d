using FoodDelivery.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Accounts.Data;

/// <summary>Accounts knows its accounts first-hand: a suspended or deleted one may not change itself either.</summary>
public sealed class AccountsStanding(AccountsDb db) : IAccountStanding
{
    public async Task<AccountOnRecord?> FindAsync(Guid accountId, CancellationToken ct) =>
        await db.Accounts.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(account => account.Id == accountId, ct) is { } account
            ? new AccountOnRecord(account.Role.ToString(), account.Status.ToString(), account.Deleted)
            : null;
}
