using FoodDelivery.Contracts;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// Whether the same service in the peer cluster answers, asked before a take-over: a peer that answers is not lost,
/// and taking over what it homes would leave both clusters writing the same entities (a split brain that no
/// version settles). Any HTTP answer counts, even a refusal or an unhealthy status: the process runs and may write.
/// </summary>
internal static class PeerAnswer
{
    /// <summary>What the peer answered (its status), or null when it could not be reached.</summary>
    public static async Task<string?> AskAsync(IHttpClientFactory http, SyncOptions options, CancellationToken ct)
    {
        using var client = http.CreateClient(OwnedSnapshotsClient.HttpClientName);
        var peer = $"{options.PeerCluster}-{options.ServiceName}";
        try
        {
            // No key: the peer's 401 is an answer as good as any, and nothing of this cluster's is presented to it.
            using var response = await client.GetAsync(ManagementEndpoint.BaseAddress(peer) + SyncRoutes.Status, ct);
            return $"{peer} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Refused, timed out, not resolvable, or the resilience pipeline's open circuit: not reachable from here.
            return null;
        }
    }
}
