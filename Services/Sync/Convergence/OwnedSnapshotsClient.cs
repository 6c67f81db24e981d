using FoodDelivery.Contracts;
using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// Reads another service's <c>GET /sync/owned/{eventType}</c> (every row it owns of one entity, as
/// the events it publishes) with this service's own caller key, which opens those snapshots only for the types this
/// service replicates (and, at the same service of the peer cluster, the types both own), for the convergence check and the rebuild.
/// Service discovery names the owner. That call is operator traffic, like a resync: no business
/// decision ever reads another service's data this way.
/// </summary>
internal sealed class OwnedSnapshotsClient(IHttpClientFactory http, SyncOptions options)
{
    public const string HttpClientName = "sync-owners";

    /// <summary>Streams <paramref name="owner"/>'s snapshots of <paramref name="eventType"/> into <paramref name="read"/>; with <paramref name="homes"/>, each with its home (<see cref="OwnedSnapshots"/>).</summary>
    /// <exception cref="OwnedSnapshotsUnavailableException">The owner could not be reached or answered with an error status.</exception>
    public async Task<T> ReadAsync<T>(string owner, string eventType, Func<Stream, Task<T>> read, CancellationToken ct, bool homes = false)
    {
        using var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            ManagementEndpoint.BaseAddress(owner) + SyncRoutes.Owned(eventType) + (homes ? $"?{OwnedSnapshots.HomesQuery}=true" : ""));
        request.Headers.Add(OperatorKeys.Header, options.CallerKey);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Refused, timed out, or the resilience pipeline's open circuit: the owner is unreachable, which its caller reports as such.
            throw new OwnedSnapshotsUnavailableException($"{owner} could not be reached for its {eventType} snapshots: {ex.GetType().Name}: {ex.Message}", ex);
        }
        using var answered = response;
        if (!response.IsSuccessStatusCode)
        {
            throw new OwnedSnapshotsUnavailableException($"{owner} answered {(int)response.StatusCode} {response.ReasonPhrase} for its {eventType} snapshots.");
        }
        await using var snapshots = await response.Content.ReadAsStreamAsync(ct);
        return await read(snapshots);
    }
}
