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

    /// <summary>The management API of <paramref name="broker"/>, as its operator (each cluster's broker has its own password).</summary>
    public static async Task<BrokerManagement> ConnectAsync(AppHostSystem system, string broker = "messaging")
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{await system.ParameterValueAsync("messaging-user")}:{await system.ClusterParameterValueAsync(broker, "messaging-password")}"));
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
            closed += await CloseConnectionAsync(connection.GetProperty("name").GetString()!) ? 1 : 0;
        }
        return closed;
    }

    async Task<bool> CloseConnectionAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/connections/{Uri.EscapeDataString(name)}");
        request.Headers.Add("X-Reason", "fault test: connections force-closed");
        using var response = await http.SendAsync(request);
        // Gone already (it closed by itself meanwhile) is as good as closed.
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound;
    }

    /// <summary>A queue's messages, ready and delivered-but-unacknowledged together (the broker samples them every few seconds).</summary>
    public async Task<long> MessagesAsync(string queue)
    {
        using var state = JsonDocument.Parse(await http.GetStringAsync($"/api/queues/%2F/{Uri.EscapeDataString(queue)}"));
        return state.RootElement.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
    }

    /// <summary>This broker's federation links: the upstream each pulls from, the exchange it feeds, and its status (running, starting, error).</summary>
    /// <exception cref="HttpRequestException">The API refused; the federation plugin of RabbitMQ 3.10 answers 500 while a link
    /// is in error (seen when the link's user was refused), and the message has the body.</exception>
    public async Task<IReadOnlyList<(string Upstream, string Exchange, string Status)>> FederationLinksAsync()
    {
        using var response = await http.GetAsync("/api/federation-links");
        await EnsureSuccessAsync(response, "GET /api/federation-links");
        using var links = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return links.RootElement.EnumerateArray()
            .Select(link => (link.GetProperty("upstream").GetString()!, link.GetProperty("exchange").GetString()!, link.GetProperty("status").GetString()!))
            .ToList();
    }

    /// <summary>
    /// The queues federation links consume from on this broker (<c>federation: ...</c>, one per link the other
    /// cluster runs from here): what waits in each for the other cluster and how many links read it.
    /// </summary>
    public async Task<IReadOnlyList<(string Name, long Messages, int Consumers)>> FederationQueuesAsync()
    {
        using var queues = await GetAsync("/api/queues/%2F");
        return queues.RootElement.EnumerateArray()
            .Select(queue => (Name: queue.GetProperty("name").GetString()!, Queue: queue))
            .Where(entry => entry.Name.StartsWith("federation:", StringComparison.Ordinal))
            .Select(entry => (entry.Name,
                entry.Queue.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0,
                entry.Queue.TryGetProperty("consumers", out var consumers) ? consumers.GetInt32() : 0))
            .ToList();
    }

    /// <summary>
    /// Takes <paramref name="user"/>'s permissions on the default vhost away and closes its connections, so
    /// it cannot log in again; returns what it had, for <see cref="GrantAsync"/>.
    /// </summary>
    public async Task<BrokerPermission> RevokeAsync(string user)
    {
        var path = PermissionPath(user);
        BrokerPermission permission;
        using (var current = await GetAsync(path))
        {
            var root = current.RootElement;
            permission = new BrokerPermission(user, root.GetProperty("configure").GetString()!,
                root.GetProperty("write").GetString()!, root.GetProperty("read").GetString()!);
        }
        using (var deleted = await http.DeleteAsync(path))
        {
            await EnsureSuccessAsync(deleted, $"DELETE {path}");
        }
        await CloseConnectionsAsync(user);
        return permission;
    }

    /// <summary>Gives a user back the permissions <see cref="RevokeAsync"/> took.</summary>
    public Task GrantAsync(BrokerPermission permission) =>
        PutAsync(PermissionPath(permission.User), new { configure = permission.Configure, write = permission.Write, read = permission.Read });

    /// <summary>How many connections <paramref name="user"/> has open.</summary>
    public async Task<int> ConnectionsOfAsync(string user)
    {
        using var connections = await GetAsync("/api/connections");
        return connections.RootElement.EnumerateArray().Count(connection => connection.TryGetProperty("user", out var owner) && owner.GetString() == user);
    }

    /// <summary>Closes the connections <paramref name="user"/> has open; returns how many it closed.</summary>
    public async Task<int> CloseConnectionsAsync(string user)
    {
        using var connections = await GetAsync("/api/connections");
        var closed = 0;
        foreach (var connection in connections.RootElement.EnumerateArray())
        {
            if (connection.TryGetProperty("user", out var owner) && owner.GetString() == user)
            {
                closed += await CloseConnectionAsync(connection.GetProperty("name").GetString()!) ? 1 : 0;
            }
        }
        return closed;
    }

    static string PermissionPath(string user) => $"/api/permissions/%2F/{Uri.EscapeDataString(user)}";

    /// <summary>A GET of any management API path, parsed.</summary>
    public async Task<JsonDocument> GetAsync(string path) => JsonDocument.Parse(await http.GetStringAsync(path));

    /// <summary>A PUT of a definition (parameter, policy), as an operator editing the broker by hand would.</summary>
    public async Task PutAsync(string path, object body)
    {
        using var response = await http.PutAsJsonAsync(path, body);
        await EnsureSuccessAsync(response, $"PUT {path}");
    }

    // The management API explains a refusal in its body ({"error", "reason"}): a failure's message keeps it.
    static async Task EnsureSuccessAsync(HttpResponseMessage response, string request)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{request}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }
    }

    public void Dispose() => http.Dispose();
}
