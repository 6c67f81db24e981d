namespace FoodDelivery.Orders.Domain;

/// <summary>Field lengths and bounds, shared by validation and the schema.</summary>
public static class Limits
{
    public const int Currency = 3;
    public const int Status = 20;
    public const int MaxLines = 50;
    public const int MaxQuantity = 100;
}
