using System.ComponentModel.DataAnnotations;
using FoodDelivery.Accounts.Domain;

namespace FoodDelivery.Accounts.Api;

public sealed record SignIn(
    [Required, StringLength(Limits.Email)] string Email,
    [Required, StringLength(PasswordPolicy.MaxLength)] string Password);
