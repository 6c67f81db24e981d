using System.ComponentModel.DataAnnotations;
using FoodDelivery.Restaurants.Domain;

namespace FoodDelivery.Restaurants.Api;

/// <summary>A new restaurant; its owner is the signed-in caller.</summary>
public sealed record NewRestaurant(
    [Required, StringLength(Limits.Name, MinimumLength = 1)] string Name,
    [Required, StringLength(Limits.Address, MinimumLength = 1)] string Address,
    [Required, StringLength(Limits.Cuisine, MinimumLength = 1)] string Cuisine,
    bool IsOpen = false);
