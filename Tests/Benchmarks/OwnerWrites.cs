using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Every HTTP write the benchmark makes, as a restaurant owner would make it. Authorisation has one
/// place: <see cref="SignInAsync"/> obtains the token once and <see cref="Authorize"/> attaches it.
/// </summary>
public sealed class OwnerWrites : IDisposable
{
    /// <summary>Enough connections that the client never queues requests behind each other.</summary>
    public const int MaxConnections = 64;

    readonly HttpClient restaurants;
    string? accessToken;

    OwnerWrites(HttpClient restaurants) => this.restaurants = restaurants;

    /// <param name="cluster">With two clusters, the one the owner signs up and writes in (its resources' prefix).</param>
    public static async Task<OwnerWrites> SignInAsync(BenchmarkSystem system, string? cluster = null)
    {
        var prefix = cluster is null ? "" : cluster + "-";
        // A plain client: the AppHost's factory clients may carry resilience handlers whose retries
        // and rate limits would change what is measured.
        var writes = new OwnerWrites(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxConnections })
        {
            BaseAddress = system.Endpoint(prefix + "restaurants"),
            Timeout = TimeSpan.FromSeconds(30),
        });
        writes.accessToken = await ObtainTokenAsync(system.Endpoint(prefix + "accounts"));
        await writes.WaitUntilRestaurantsKnowsTheOwnerAsync();
        return writes;
    }

    /// <summary>Creates one restaurant (one RestaurantChanged event); returns its id.</summary>
    public async Task<Guid> CreateRestaurantAsync(CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/restaurants")
        {
            Content = JsonContent.Create(new
            {
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

    /// <summary>Signs up a restaurant owner and signs in, as the owner the benchmark writes as.</summary>
    static async Task<string> ObtainTokenAsync(Uri accountsEndpoint)
    {
        using var accounts = new HttpClient { BaseAddress = accountsEndpoint };
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        const string password = "benchmark owner 1";
        (await accounts.PostAsJsonAsync("/accounts/sign-up", new { email, displayName = "Benchmark owner", role = "RestaurantOwner", password }))
            .EnsureSuccessStatusCode();
        using var signedIn = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email, password });
        signedIn.EnsureSuccessStatusCode();
        return (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Restaurants answers 409 until the new owner's account has replicated to it.</summary>
    async Task WaitUntilRestaurantsKnowsTheOwnerAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            using var probe = new HttpRequestMessage(HttpMethod.Post, "/restaurants")
            {
                Content = JsonContent.Create(new { name = $"Bench probe {Guid.NewGuid():N}", address = "1 Benchmark Road", cuisine = "Benchmark", isOpen = true }),
            };
            Authorize(probe);
            using var response = await restaurants.SendAsync(probe);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            if (response.StatusCode != System.Net.HttpStatusCode.Conflict || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"restaurants refused the benchmark owner: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(100);
        }
    }

    public void Dispose() => restaurants.Dispose();
}
