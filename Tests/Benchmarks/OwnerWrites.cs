using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Every HTTP write the benchmark makes, as a restaurant owner would make it. Authorisation has one
/// place: <see cref="SignInAsync"/> obtains the token once and <see cref="Authorize"/> attaches it.
/// </summary>
/// <remarks>
/// Today the services accept writes without a token. When they require one (issue 4), fill in
/// <see cref="SignInAsync"/>: <c>POST /accounts/sign-up</c> {email, password, displayName,
/// role: "RestaurantOwner"}, <c>POST /accounts/sign-in</c> {email, password} -> accessToken, then
/// retry a first create until restaurants stops answering 409 (the owner's account has replicated).
/// </remarks>
public sealed class OwnerWrites : IDisposable
{
    /// <summary>Enough connections that the client never queues requests behind each other.</summary>
    public const int MaxConnections = 64;

    readonly HttpClient restaurants;
    readonly Guid ownerId = Guid.NewGuid();
    string? accessToken;

    OwnerWrites(HttpClient restaurants) => this.restaurants = restaurants;

    public static async Task<OwnerWrites> SignInAsync(BenchmarkSystem system)
    {
        // A plain client: the AppHost's factory clients may carry resilience handlers whose retries
        // and rate limits would change what is measured.
        var writes = new OwnerWrites(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxConnections })
        {
            BaseAddress = system.Endpoint("restaurants"),
            Timeout = TimeSpan.FromSeconds(30),
        });
        writes.accessToken = await ObtainTokenAsync(system);
        return writes;
    }

    /// <summary>Creates one restaurant (one RestaurantChanged event); returns its id.</summary>
    public async Task<Guid> CreateRestaurantAsync(CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/restaurants")
        {
            Content = JsonContent.Create(new
            {
                ownerId,
                name = $"Bench {Guid.NewGuid():N}",
                address = "1 Benchmark Road",
                cuisine = "Benchmark",
                isOpen = true,
            }),
        };
        Authorize(request);
        using var response = await restaurants.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
    }

    void Authorize(HttpRequestMessage request)
    {
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
    }

    // No service asks for a token yet (see the remarks).
    static Task<string?> ObtainTokenAsync(BenchmarkSystem system) => Task.FromResult<string?>(null);

    public void Dispose() => restaurants.Dispose();
}
