namespace FoodDelivery.Orders.Domain;

/// <summary>
/// What pricing found, keyed by request field (e.g. <c>lines[0].menuItemId</c>) so a client can point at
/// the line: lines naming no item of the restaurant, items not available, and the currencies involved.
/// The lines are priced only when nothing is wrong.
/// </summary>
public sealed record OrderQuote(
    Dictionary<string, string[]> Unknown,
    Dictionary<string, string[]> Unavailable,
    IReadOnlyList<string> Currencies,
    IReadOnlyList<OrderLine> Lines);
