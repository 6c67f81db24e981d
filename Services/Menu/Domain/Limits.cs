namespace FoodDelivery.Menu.Domain;

/// <summary>Field lengths and bounds, shared by validation and the schema.</summary>
public static class Limits
{
    public const int Name = 100;
    public const int Currency = 3;

    /// <summary>ISO 4217 alphabetic code, e.g. EUR.</summary>
    public const string CurrencyPattern = "^[A-Z]{3}$";

    /// <summary>Highest price in minor units (1,000,000.00 in a two-decimal currency).</summary>
    public const long MaxPriceMinor = 100_000_000;
}
