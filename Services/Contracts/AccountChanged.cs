namespace FoodDelivery.Contracts;

/// <summary>
/// An account as accounts stored it at <see cref="Version"/>. Role: Customer, RestaurantOwner or
/// Courier; Status: Active or Suspended. Never a password, hash or token.
/// </summary>
public sealed record AccountChanged(
    Guid Id,
    long Version,
    bool Deleted,
    string Email,
    string DisplayName,
    string Role,
    string Status) : IChangeEvent;
