using System.ComponentModel.DataAnnotations;
using FoodDelivery.ApiConventions;
using FoodDelivery.Reviews.Domain;

namespace FoodDelivery.Reviews.Api;

/// <summary>Only the rating and its words change; the order, customer and restaurant are fixed.</summary>
public sealed record ReviewUpdate(
    [Required, Range(Limits.MinStars, Limits.MaxStars)] int? Stars,
    [TrimmedLength(Limits.Text)] string? Text = "");
