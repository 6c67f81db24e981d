using System.ComponentModel.DataAnnotations;
using FoodDelivery.Reviews.Domain;

namespace FoodDelivery.Reviews.Api;

public sealed record NewReview(
    [Required] Guid? OrderId,
    [Required] Guid? CustomerId,
    [Required] Guid? RestaurantId,
    [Required, Range(Limits.MinStars, Limits.MaxStars)] int? Stars,
    [StringLength(Limits.Text)] string? Text = "");
