namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// The account roles a token can carry, by the names accounts gives them; also the names of the
/// authorisation policies that require them.
/// </summary>
public static class Roles
{
    public const string Customer = "Customer";
    public const string RestaurantOwner = "RestaurantOwner";
    public const string Courier = "Courier";

    public static readonly IReadOnlyList<string> All = [Customer, RestaurantOwner, Courier];
}
