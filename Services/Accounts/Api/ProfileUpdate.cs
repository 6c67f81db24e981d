using System.ComponentModel.DataAnnotations;
using FoodDelivery.Accounts.Domain;

namespace FoodDelivery.Accounts.Api;

/// <summary>What an account holder may change about themselves; the role is fixed at sign-up.</summary>
public sealed record ProfileUpdate(
    [Required, EmailAddress, StringLength(Limits.Email)] string Email,
    [Required, StringLength(Limits.DisplayName, MinimumLength = 1)] string DisplayName);
