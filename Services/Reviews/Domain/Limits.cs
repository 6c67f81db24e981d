using FoodDelivery.Contracts;

namespace FoodDelivery.Reviews.Domain;

/// <summary>Field lengths and ranges, shared by validation and the schema; the contract's, so consumers check the same ones.</summary>
public static class Limits
{
    public const int MinStars = ReviewChanged.MinStars;
    public const int MaxStars = ReviewChanged.MaxStars;
    public const int Text = ReviewChanged.MaxTextLength;
}
