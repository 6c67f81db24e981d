namespace FoodDelivery.Contracts;

/// <summary>A menu item as its owner service (menu) stored it at <see cref="Version"/>; prices in minor units.</summary>
public sealed record MenuItemChanged(
    Guid Id,
    long Version,
    bool Deleted,
    Guid RestaurantId,
    string Name,
    long PriceMinor,
    string Currency,
    bool Available) : IChangeEvent
{
    public void CheckInvariants(InvariantCheck check) => check
        .NotEmpty(RestaurantId)
        .NotEmpty(Name)
        .AtLeast(PriceMinor, 0)
        .Currency(Currency);
}
