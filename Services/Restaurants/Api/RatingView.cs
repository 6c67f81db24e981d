namespace FoodDelivery.Restaurants.Api;

/// <summary>A restaurant's rating: how many live reviews, and their mean stars (null without reviews).</summary>
public sealed record RatingView(int Reviews, double? AverageStars);
