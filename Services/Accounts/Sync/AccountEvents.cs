using FoodDelivery.Accounts.Domain;
using FoodDelivery.Contracts;

namespace FoodDelivery.Accounts.Sync;

/// <summary>What accounts publishes about an account: who it is, never how it signs in.</summary>
public static class AccountEvents
{
    public static AccountChanged Changed(Account account) => new(
        account.Id, account.Version, account.Deleted, account.Email, account.DisplayName,
        account.Role.ToString(), account.Status.ToString());
}
