using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FoodDelivery.AppHost.Infrastructure;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.AppHost.Clusters;

/// <summary>
/// One broker's federation definitions, written through its management API with the broker's own
/// credentials, and checked against what its links actually do.
/// </summary>
public sealed class FederationManagement : IDisposable
{
    // Seconds between a lost link's reconnection attempts: short, so a healed partition is noticed quickly.
    public const int ReconnectDelaySeconds = 2;

    static readonly TimeSpan LinkSettleTime = TimeSpan.FromSeconds(10);
    static readonly TimeSpan LinkPollPause = TimeSpan.FromMilliseconds(250);

    readonly HttpClient http;
    readonly string exchange;
    readonly string policy;
    readonly ILogger logger;

    FederationManagement(HttpClient http, string exchange, string policy, ILogger logger)
    {
        this.http = http;
        this.exchange = exchange;
        this.policy = policy;
        this.logger = logger;
    }

    /// <summary>The management API of <paramref name="infrastructure"/>'s broker, for federating <paramref name="exchange"/> by <paramref name="policy"/>.</summary>
    public static async Task<FederationManagement> ConnectAsync(
        SyncInfrastructure infrastructure, string exchange, string policy, ILogger logger, CancellationToken ct)
    {
        var broker = infrastructure.Broker.Resource;
        var endpoint = ((IResourceWithEndpoints)broker).GetEndpoint("management");
        var url = await endpoint.GetValueAsync(ct) ?? throw new InvalidOperationException($"{broker.Name} has no management endpoint.");
        var user = await infrastructure.Parameters.BrokerUser.Resource.GetValueAsync(ct);
        var password = await infrastructure.Parameters.BrokerPassword.Resource.GetValueAsync(ct);
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return new FederationManagement(http, exchange, policy, logger);
    }

    /// <summary>
    /// Names the broker's cluster: federation writes the name into <c>x-received-from</c> and into the
    /// name of the queue a link consumes upstream. Only written when it differs, so a running link is
    /// not disturbed by a rename to the same name.
    /// </summary>
    public async Task NameClusterAsync(string name, CancellationToken ct)
    {
        using var current = JsonDocument.Parse(await http.GetStringAsync("/api/cluster-name", ct));
        if (current.RootElement.GetProperty("name").GetString() != name)
        {
            await PutAsync("/api/cluster-name", new { name }, ct);
        }
    }

    /// <summary>
    /// Defines upstream <paramref name="name"/> at <paramref name="uri"/> and makes sure a running link uses it.
    /// RabbitMQ 3.10.8 has answered this PUT with 500 while restarting a link for a changed definition (a
    /// badmatch in rabbit_federation_link_sup:stop/3); the definition was stored and the link came back with
    /// it. So the outcome is judged by the link: if it still dials another address, two more changes make
    /// the broker restart it again. Harmless: a definition changes only when the old address is gone
    /// (<see cref="BrokerFederation"/>), so that link has no connection upstream to lose anything on.
    /// </summary>
    public async Task DefineUpstreamAsync(string name, string uri, CancellationToken ct)
    {
        await PutUpstreamAsync(name, uri, ReconnectDelaySeconds, ct);
        if (await LinkDialsAsync(name, uri, ct))
        {
            return;
        }
        logger.LogWarning("Federation: the link from upstream {Upstream} did not take its new definition; restarting it.", name);
        await PutUpstreamAsync(name, uri, ReconnectDelaySeconds + 1, ct);
        await PutUpstreamAsync(name, uri, ReconnectDelaySeconds, ct);
        if (!await LinkDialsAsync(name, uri, ct))
        {
            throw new HttpRequestException($"The federation link from upstream {name} does not use its definition.");
        }
    }

    /// <summary>Federates the exchange with every upstream this broker defines.</summary>
    public Task FederateAsync(CancellationToken ct) =>
        PutAsync($"/api/policies/%2F/{Uri.EscapeDataString(policy)}", new Dictionary<string, object>
        {
            ["pattern"] = $"^{System.Text.RegularExpressions.Regex.Escape(exchange)}$",
            ["apply-to"] = "exchanges",
            ["definition"] = new Dictionary<string, object> { ["federation-upstream-set"] = "all" },
        }, ct);

    public void Dispose() => http.Dispose();

    async Task PutUpstreamAsync(string name, string uri, int reconnectDelaySeconds, CancellationToken ct)
    {
        var path = $"/api/parameters/federation-upstream/%2F/{Uri.EscapeDataString(name)}";
        var body = new
        {
            value = new Dictionary<string, object>
            {
                ["uri"] = uri,
                ["max-hops"] = 1,
                // The upstream's copy is acknowledged only once this broker confirmed it: nothing is lost in between.
                ["ack-mode"] = "on-confirm",
                ["reconnect-delay"] = reconnectDelaySeconds,
            },
        };
        using var response = await http.PutAsJsonAsync(path, body, ct);
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            logger.LogWarning("Federation: PUT {Path} answered 500 while the broker restarted the link; checking the link.", path);
            return;
        }
        await EnsureSuccessAsync(response, path, ct);
    }

    /// <summary>
    /// True once every link from upstream <paramref name="name"/> dials <paramref name="uri"/>'s host and
    /// port, or when no link is due (the exchange does not exist or is not federated yet).
    /// </summary>
    async Task<bool> LinkDialsAsync(string name, string uri, CancellationToken ct)
    {
        if (!await FederatedAsync(ct))
        {
            return true;
        }
        var wanted = new Uri(uri);
        var deadline = DateTime.UtcNow + LinkSettleTime;
        while (true)
        {
            using var links = JsonDocument.Parse(await http.GetStringAsync("/api/federation-links", ct));
            var dialled = links.RootElement.EnumerateArray()
                .Where(link => link.GetProperty("upstream").GetString() == name)
                .Select(link => new Uri(link.GetProperty("uri").GetString()!))
                .ToList();
            if (dialled.Count > 0 && dialled.All(link =>
                    string.Equals(link.Host, wanted.Host, StringComparison.OrdinalIgnoreCase) && link.Port == wanted.Port))
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(LinkPollPause, ct);
        }
    }

    async Task<bool> FederatedAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync($"/api/exchanges/%2F/{Uri.EscapeDataString(exchange)}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, "GET exchange", ct);
        using var state = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return state.RootElement.TryGetProperty("policy", out var applied) && applied.ValueKind == JsonValueKind.String && applied.GetString() == policy;
    }

    async Task PutAsync(string path, object body, CancellationToken ct)
    {
        using var response = await http.PutAsJsonAsync(path, body, ct);
        await EnsureSuccessAsync(response, path, ct);
    }

    static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}", null, response.StatusCode);
        }
    }
}
