namespace FoodDelivery.Delivery.Domain;

/// <summary>Field lengths, shared by validation and the schema.</summary>
public static class Limits
{
    public const int Status = 20;
}
