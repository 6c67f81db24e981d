namespace FoodDelivery.Contracts;

/// <summary>
/// Which service owns (and so publishes) each change event: the one place that says it. The
/// convergence check asks the owner for its rows to compare a replica against them.
/// </summary>
public static class ChangeEventOwners
{
    static readonly Dictionary<string, string> Owners = new(StringComparer.Ordinal)
    {
        [nameof(AccountChanged)] = "accounts",
        [nameof(RestaurantChanged)] = "restaurants",
        [nameof(MenuItemChanged)] = "menu",
        [nameof(OrderChanged)] = "orders",
        [nameof(PaymentChanged)] = "payments",
        [nameof(CourierChanged)] = "delivery",
        [nameof(DeliveryChanged)] = "delivery",
        [nameof(ReviewChanged)] = "reviews",
    };

    /// <summary>The owner service of an event type (its AMQP <c>type</c>), or null for a type nobody declared.</summary>
    public static string? Of(string eventType) => Owners.GetValueOrDefault(eventType);
}
