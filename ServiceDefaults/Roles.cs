using FoodDelivery.Contracts;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// The account roles a token can carry, by the names of the shared vocabulary
/// (<see cref="AccountRole"/>); also the names of the authorisation policies that require them.
/// </summary>
public static class Roles
{
    public const string Customer = nameof(AccountRole.Customer);
    public const string RestaurantOwner = nameof(AccountRole.RestaurantOwner);
    public const string Courier = nameof(AccountRole.Courier);

    public static readonly IReadOnlyList<string> All = Enum.GetNames<AccountRole>();
}
