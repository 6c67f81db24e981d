namespace FoodDelivery.Restaurants.Domain;

/// <summary>Field lengths, shared by validation and the schema.</summary>
public static class Limits
{
    public const int Name = 100;
    public const int Address = 200;
    public const int Cuisine = 50;
}
