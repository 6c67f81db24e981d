namespace FoodDelivery.Accounts.Domain;

/// <summary>What an account does on the platform; fixed when the account is created.</summary>
public enum AccountRole
{
    Customer,
    RestaurantOwner,
    Courier,
}
