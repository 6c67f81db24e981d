namespace FoodDelivery.Contracts;

/// <summary>
/// Who owns each change event and who replicates it: the one place that says it. The AppHost turns
/// it into the broker's exchanges, queues, bindings and per-service permissions; every service's
/// engine checks at start-up that its <c>Publishes&lt;&gt;</c> and <c>Replicates&lt;&gt;</c>
/// registrations match its entry, and its consumer accepts an event only through the exchange of
/// the owner named here. Adding a replica is a line here and a line in the service's Program.cs.
/// </summary>
public static class ServiceCatalogue
{
    public static IReadOnlyList<ServiceSync> Services { get; } =
    [
        new("accounts", [nameof(AccountChanged)], []),
        new("restaurants", [nameof(RestaurantChanged)], [nameof(AccountChanged), nameof(ReviewChanged)]),
        new("menu", [nameof(MenuItemChanged)], [nameof(AccountChanged), nameof(RestaurantChanged)]),
        new("orders", [nameof(OrderChanged)],
            [nameof(AccountChanged), nameof(RestaurantChanged), nameof(MenuItemChanged), nameof(PaymentChanged), nameof(DeliveryChanged)]),
        new("payments", [nameof(PaymentChanged)], [nameof(OrderChanged)]),
        new("delivery", [nameof(CourierChanged), nameof(DeliveryChanged)],
            [nameof(AccountChanged), nameof(RestaurantChanged), nameof(OrderChanged)]),
        new("reviews", [nameof(ReviewChanged)], [nameof(AccountChanged), nameof(OrderChanged)]),
    ];

    static readonly Dictionary<string, ServiceSync> ByName = Services.ToDictionary(service => service.Name, StringComparer.Ordinal);

    // Built once; throws at first use when a type has two owners or a replicated type has none.
    static readonly Dictionary<string, string> Owners = OwnersOf(Services);

    /// <summary>The service that owns (and alone publishes) an event type, or null for a type nobody owns.</summary>
    public static string? OwnerOf(string eventType) => Owners.GetValueOrDefault(eventType);

    /// <summary>The catalogue entry of a service, or null when it is not one of the seven.</summary>
    public static ServiceSync? Find(string service) => ByName.GetValueOrDefault(service);

    static Dictionary<string, string> OwnersOf(IReadOnlyList<ServiceSync> services)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            foreach (var type in service.Publishes)
            {
                if (!owners.TryAdd(type, service.Name))
                {
                    throw new InvalidOperationException($"{type} has two owners: {owners[type]} and {service.Name}; an event has exactly one.");
                }
            }
        }
        foreach (var service in services)
        {
            if (service.Replicates.FirstOrDefault(type => !owners.ContainsKey(type)) is { } orphan)
            {
                throw new InvalidOperationException($"{service.Name} replicates {orphan}, which no service owns.");
            }
        }
        return owners;
    }
}
