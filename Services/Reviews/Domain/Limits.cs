namespace FoodDelivery.Reviews.Domain;

/// <summary>Field lengths and ranges, shared by validation and the schema.</summary>
public static class Limits
{
    public const int MinStars = 1;
    public const int MaxStars = 5;
    public const int Text = 2000;
}
