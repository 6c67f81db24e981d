using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The broker's management HTTP API, with the broker's own credentials: how an operator (or a
/// hosted broker doing maintenance) force-closes client connections, and how tests read what the
/// broker reports (queue depths, federation links).
/// </summary>
public sealed class BrokerManagement : IDisposable
{
    readonly HttpClient http;

    BrokerManagement(HttpClient http) => this.http = http;

    /// <summary>The management API of <paramref name="broker"/> (every cluster's broker has the same credentials).</summary>
    public static async Task<BrokerManagement> ConnectAsync(AppHostSystem system, string broker = "messaging")
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{await system.ParameterValueAsync("messaging-user")}:{await system.ParameterValueAsync("messaging-password")}"));
        var http = new HttpClient { BaseAddress = system.App.GetEndpoint(broker, "management"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return new BrokerManagement(http);
    }

    /// <summary>Closes every client connection the broker has; returns how many it closed.</summary>
    public async Task<int> CloseAllConnectionsAsync()
    {
        using var connections = JsonDocument.Parse(await http.GetStringAsync("/api/connections"));
        var closed = 0;
        foreach (var connection in connections.RootElement.EnumerateArray())
        {
            var name = connection.GetProperty("name").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/connections/{Uri.EscapeDataString(name)}");
            request.Headers.Add("X-Reason", "fault test: connections force-closed");
            using var response = await http.SendAsync(request);
            // Gone already (it closed by itself meanwhile) is as good as closed.
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
            {
                closed++;
            }
        }
        return closed;
    }

    /// <summary>A queue's messages, ready and delivered-but-unacknowledged together (the broker samples them every few seconds).</summary>
    public async Task<long> MessagesAsync(string queue)
    {
        using var state = JsonDocument.Parse(await http.GetStringAsync($"/api/queues/%2F/{Uri.EscapeDataString(queue)}"));
        return state.RootElement.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
    }

    /// <summary>This broker's federation links: the upstream each pulls from, the exchange it feeds, and its status (running, starting, error).</summary>
    public async Task<IReadOnlyList<(string Upstream, string Exchange, string Status)>> FederationLinksAsync()
    {
        using var links = JsonDocument.Parse(await http.GetStringAsync("/api/federation-links"));
        return links.RootElement.EnumerateArray()
            .Select(link => (link.GetProperty("upstream").GetString()!, link.GetProperty("exchange").GetString()!, link.GetProperty("status").GetString()!))
            .ToList();
    }

    /// <summary>A GET of any management API path, parsed.</summary>
    public async Task<JsonDocument> GetAsync(string path) => JsonDocument.Parse(await http.GetStringAsync(path));

    /// <summary>A PUT of a definition (parameter, policy), as an operator editing the broker by hand would.</summary>
    public async Task PutAsync(string path, object body)
    {
        using var response = await http.PutAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => http.Dispose();
}
