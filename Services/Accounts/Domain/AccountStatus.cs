namespace FoodDelivery.Accounts.Domain;

public enum AccountStatus
{
    Active,
    Suspended,
}
