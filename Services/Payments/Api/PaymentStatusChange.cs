using System.ComponentModel.DataAnnotations;
using FoodDelivery.Payments.Domain;

namespace FoodDelivery.Payments.Api;

public sealed record PaymentStatusChange(
    [Required] PaymentStatus? Status,
    [StringLength(Limits.FailureReason)] string? FailureReason = null);
