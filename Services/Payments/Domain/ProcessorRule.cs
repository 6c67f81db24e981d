namespace FoodDelivery.Payments.Domain;

/// <summary>
/// The in-process stand-in for a card processor, deterministic so tests and demos can choose the
/// outcome: like the Braintree sandbox, an amount from 2,000.00 to 2,999.99 (200000 to 299999 minor
/// units, whatever the currency) is declined; every other amount is approved. No card data exists
/// anywhere: the order's total is all the rule looks at.
/// </summary>
public static class ProcessorRule
{
    public const long DeclinedFromMinor = 200_000;
    public const long DeclinedToMinor = 299_999;

    /// <summary>The decline reason, or null when the processor approves.</summary>
    public static string? Decline(long amountMinor) =>
        amountMinor is >= DeclinedFromMinor and <= DeclinedToMinor
            ? "Processor declined: amounts from 2,000.00 to 2,999.99 are declined (sandbox rule)."
            : null;
}
