using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The broker's management HTTP API, with the broker's own credentials: how an operator (or a
/// hosted broker doing maintenance) force-closes client connections.
/// </summary>
public sealed class BrokerManagement : IDisposable
{
    readonly HttpClient http;

    BrokerManagement(HttpClient http) => this.http = http;

    public static async Task<BrokerManagement> ConnectAsync(RunningSystem system)
    {
        var parameters = system.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
        async Task<string> Value(string name) => (await parameters.Single(parameter => parameter.Name == name).GetValueAsync(default))!;
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{await Value("messaging-user")}:{await Value("messaging-password")}"));
        var http = new HttpClient { BaseAddress = system.App.GetEndpoint("messaging", "management"), Timeout = TimeSpan.FromSeconds(30) };
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

    public void Dispose() => http.Dispose();
}
