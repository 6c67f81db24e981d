namespace FoodDelivery.Contracts;

/// <summary>Whether an account may act; travels by name (<see cref="AccountChanged.Status"/>).</summary>
public enum AccountStatus
{
    Active,
    Suspended,
}
