namespace FoodDelivery.Contracts;

/// <summary>
/// What an account does on the platform; fixed when the account is created. Travels by name
/// (<see cref="AccountChanged.Role"/>), and is the role a token carries.
/// </summary>
public enum AccountRole
{
    Customer,
    RestaurantOwner,
    Courier,
}
