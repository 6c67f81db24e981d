using System.ComponentModel.DataAnnotations;
using FoodDelivery.Accounts.Domain;

namespace FoodDelivery.Accounts.Api;

/// <summary>The role is absent on purpose: it cannot change after creation.</summary>
public sealed record AccountUpdate(
    [Required, EmailAddress, StringLength(Limits.Email)] string Email,
    [Required, StringLength(Limits.DisplayName, MinimumLength = 1)] string DisplayName,
    [Required] AccountStatus? Status);
