using System.ComponentModel.DataAnnotations;
using FoodDelivery.ApiConventions;
using FoodDelivery.Reviews.Domain;

namespace FoodDelivery.Reviews.Api;

/// <summary>A review of one of the caller's delivered orders; customer and restaurant come from the order.</summary>
public sealed record NewReview(
    [Required] Guid? OrderId,
    [Required, Range(Limits.MinStars, Limits.MaxStars)] int? Stars,
    [TrimmedLength(Limits.Text)] string? Text = "");
