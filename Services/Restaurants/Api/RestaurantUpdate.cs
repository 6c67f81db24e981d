using System.ComponentModel.DataAnnotations;
using FoodDelivery.ApiConventions;
using FoodDelivery.Restaurants.Domain;

namespace FoodDelivery.Restaurants.Api;

public sealed record RestaurantUpdate(
    [Required, TrimmedLength(Limits.Name, MinimumLength = 1)] string Name,
    [Required, TrimmedLength(Limits.Address, MinimumLength = 1)] string Address,
    [Required, TrimmedLength(Limits.Cuisine, MinimumLength = 1)] string Cuisine,
    [Required] bool? IsOpen);
