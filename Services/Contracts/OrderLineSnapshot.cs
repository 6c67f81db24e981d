namespace FoodDelivery.Contracts;

/// <summary>One line of an order, priced when the order was placed.</summary>
public sealed record OrderLineSnapshot(Guid MenuItemId, string Name, long UnitPriceMinor, int Quantity)
{
    /// <summary>The line's invariants, its fields named from <paramref name="at"/> (e.g. <c>Lines[2]</c>).</summary>
    public void CheckInvariants(InvariantCheck check, string at) => check
        .NotEmpty(MenuItemId, $"{at}.{nameof(MenuItemId)}")
        .NotEmpty(Name, $"{at}.{nameof(Name)}")
        .AtLeast(UnitPriceMinor, 0, $"{at}.{nameof(UnitPriceMinor)}")
        .AtLeast(Quantity, 1, $"{at}.{nameof(Quantity)}");
}
