using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// The link between the clusters cut as a network partition cuts it, with both brokers up: each broker
/// refuses the other's federation user (<see cref="BrokerNames.FederationUser"/> of the other cluster: its
/// permissions taken away, its connections closed), so no
/// link runs in either direction and what each cluster publishes waits in its own broker's
/// <c>federation:</c> queues. Healing gives the permissions back; the links reconnect by themselves.
/// </summary>
/// <remarks>
/// Stopping a broker would cut the link too, but a loaded broker's orderly shutdown has outlasted the
/// orchestrator's wait for it in CI, failing the test and leaving the broker down for the next ones.
/// </remarks>
public sealed class LinkCut
{
    readonly TwoClusterSystem system;
    readonly Dictionary<string, BrokerPermission> revoked = [];

    LinkCut(TwoClusterSystem system) => this.system = system;

    /// <summary>Cuts the link in both directions and waits until neither broker has a federation connection open.</summary>
    public static async Task<LinkCut> CutAsync(TwoClusterSystem system)
    {
        var cut = new LinkCut(system);
        try
        {
            foreach (var cluster in TwoClusterSystem.Clusters)
            {
                using var management = await system.BrokerManagementAsync(cluster);
                cut.revoked[cluster] = await management.RevokeAsync(PeerLinks(cluster));
            }
            // Closed, and not back: a link that logged in again before the revoke took effect would still run.
            // (The link list itself is no witness: the federation plugin answers 500 while links are in error.)
            foreach (var cluster in TwoClusterSystem.Clusters)
            {
                using var management = await system.BrokerManagementAsync(cluster);
                await management.CloseConnectionsAsync(PeerLinks(cluster));
                await Eventually.ValueAsync(() => management.ConnectionsOfAsync(PeerLinks(cluster)), open => open == 0, TimeSpan.FromMinutes(1));
            }
            return cut;
        }
        catch
        {
            await cut.HealAsync();
            throw;
        }
    }

    /// <summary>The user the other cluster's links log into <paramref name="cluster"/>'s broker as.</summary>
    static string PeerLinks(string cluster) => BrokerNames.FederationUser(TwoClusterSystem.Other(cluster));

    /// <summary>Messages waiting in one cluster's broker for the other cluster (its <c>federation:</c> queues).</summary>
    public async Task<long> WaitingAsync(string cluster)
    {
        using var management = await system.BrokerManagementAsync(cluster);
        return (await management.FederationQueuesAsync()).Sum(queue => queue.Messages);
    }

    /// <summary>Gives back what was revoked and waits until every link runs again.</summary>
    public async Task HealAsync()
    {
        foreach (var (cluster, permission) in revoked)
        {
            using var management = await system.BrokerManagementAsync(cluster);
            await management.GrantAsync(permission);
        }
        revoked.Clear();
        await system.WaitForFederationAsync(TimeSpan.FromMinutes(2));
    }
}
