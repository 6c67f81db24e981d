namespace FoodDelivery.Payments.Domain;

/// <summary>Field lengths and bounds, shared by validation and the schema.</summary>
public static class Limits
{
    public const int Currency = 3;
    public const int FailureReason = 200;

    /// <summary>Long enough for the longest <see cref="PaymentStatus"/> name, stored as text.</summary>
    public const int Status = 20;

    /// <summary>ISO 4217 alphabetic code, e.g. EUR.</summary>
    public const string CurrencyPattern = "^[A-Z]{3}$";

    /// <summary>Highest amount in minor units (1,000,000.00 in a two-decimal currency).</summary>
    public const long MaxAmountMinor = 100_000_000;
}
