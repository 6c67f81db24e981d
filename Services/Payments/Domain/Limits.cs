namespace FoodDelivery.Payments.Domain;

/// <summary>Field lengths, shared by the domain and the schema.</summary>
public static class Limits
{
    public const int Currency = 3;
    public const int FailureReason = 200;

    /// <summary>Long enough for the longest <see cref="FoodDelivery.Contracts.PaymentStatus"/> name, stored as text.</summary>
    public const int Status = 20;
}
