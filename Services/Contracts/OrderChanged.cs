namespace FoodDelivery.Contracts;

/// <summary>
/// An order as orders stored it at <see cref="Version"/>, with its price snapshot. Status: Placed,
/// Paid, PaymentFailed, OutForDelivery, Delivered or Cancelled.
/// </summary>
public sealed record OrderChanged(
    Guid Id,
    long Version,
    bool Deleted,
    Guid CustomerId,
    Guid RestaurantId,
    string Status,
    string Currency,
    long TotalMinor,
    DateTimeOffset PlacedAt,
    IReadOnlyList<OrderLineSnapshot> Lines) : IChangeEvent;
