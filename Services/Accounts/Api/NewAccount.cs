using System.ComponentModel.DataAnnotations;
using FoodDelivery.Accounts.Domain;

namespace FoodDelivery.Accounts.Api;

public sealed record NewAccount(
    [Required, EmailAddress, StringLength(Limits.Email)] string Email,
    [Required, StringLength(Limits.DisplayName, MinimumLength = 1)] string DisplayName,
    [Required] AccountRole? Role);
