namespace FoodDelivery.Contracts;

/// <summary>
/// The endpoint of every service that serves the operator endpoints (<c>/sync/*</c>, <c>/operator/*</c>) and nothing
/// of the API: its name in the AppHost and in service discovery, and how another service addresses it.
/// </summary>
public static class ManagementEndpoint
{
    public const string Name = "management";

    /// <summary>Where <paramref name="service"/>'s operator endpoints are, through service discovery (<c>http://_management.restaurants</c>).</summary>
    public static string BaseAddress(string service) => $"http://_{Name}.{service}";
}
