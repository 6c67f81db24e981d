using System.ComponentModel.DataAnnotations;
using FoodDelivery.Accounts.Domain;
using FoodDelivery.Contracts;

namespace FoodDelivery.Accounts.Api;

/// <summary>A sign-up: who the person is, what they do on the platform, and the password they chose.</summary>
public sealed record NewAccount(
    [Required, EmailAddress, StringLength(Limits.Email)] string Email,
    [Required, StringLength(Limits.DisplayName, MinimumLength = 1)] string DisplayName,
    [Required] AccountRole? Role,
    [Required, RegularExpression(PasswordPolicy.Pattern, ErrorMessage = PasswordPolicy.Description)] string Password);
