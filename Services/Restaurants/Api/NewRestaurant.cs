using System.ComponentModel.DataAnnotations;
using FoodDelivery.ApiConventions;
using FoodDelivery.Restaurants.Domain;

namespace FoodDelivery.Restaurants.Api;

/// <summary>A new restaurant; its owner is the signed-in caller.</summary>
public sealed record NewRestaurant(
    [Required, TrimmedLength(Limits.Name, MinimumLength = 1)] string Name,
    [Required, TrimmedLength(Limits.Address, MinimumLength = 1)] string Address,
    [Required, TrimmedLength(Limits.Cuisine, MinimumLength = 1)] string Cuisine,
    bool IsOpen = false);
