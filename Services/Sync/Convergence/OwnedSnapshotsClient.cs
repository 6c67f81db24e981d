using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// Reads another service's <c>GET /sync/owned/{eventType}</c> (every row it owns of one entity, as
/// the events it publishes) with the read key of the owner's cluster, for the convergence check and the rebuild.
/// Service discovery names the owner. That call is operator traffic, like a resync: no business
/// decision ever reads another service's data this way.
/// </summary>
public sealed class OwnedSnapshotsClient(IHttpClientFactory http, SyncOptions options)
{
    public const string HttpClientName = "sync-owners";

    /// <summary>Streams <paramref name="owner"/>'s snapshots of <paramref name="eventType"/> into <paramref name="read"/>.</summary>
    /// <exception cref="OwnedSnapshotsUnavailableException">The owner answered with an error status.</exception>
    public async Task<T> ReadAsync<T>(string owner, string eventType, Func<Stream, Task<T>> read, CancellationToken ct)
    {
        using var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, ManagementEndpoint.BaseAddress(owner) + SyncRoutes.Owned(eventType));
        // A service of the peer cluster is named with its cluster and opens with that cluster's read key.
        var peer = options.PeerCluster.Length > 0 && owner.StartsWith($"{options.PeerCluster}-", StringComparison.Ordinal);
        request.Headers.Add(OperatorKeys.Header, peer ? options.PeerReadKey : options.ReadKey);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new OwnedSnapshotsUnavailableException($"{owner} answered {(int)response.StatusCode} for its {eventType} snapshots.");
        }
        await using var snapshots = await response.Content.ReadAsStreamAsync(ct);
        return await read(snapshots);
    }
}
