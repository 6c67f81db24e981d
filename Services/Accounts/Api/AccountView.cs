using FoodDelivery.Accounts.Domain;
using FoodDelivery.Contracts;

namespace FoodDelivery.Accounts.Api;

public sealed record AccountView(Guid Id, long Version, string Email, string DisplayName, AccountRole Role, AccountStatus Status)
{
    public static AccountView From(Account a) => new(a.Id, a.Version, a.Email, a.DisplayName, a.Role, a.Status);
}
