using Xunit.Abstractions;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// The link between the clusters cut (<see cref="LinkCut"/>: both brokers up, each refusing the other's
/// federation user) while both clusters keep taking writes, each cluster's events waiting in its own
/// broker for the other, then healed: every write either cluster accepted reaches both clusters, and
/// each cluster's convergence check (its replicas, and each service against the same service in the
/// other cluster) reports equal.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class ClusterPartitionTests(TwoClusterSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Writes_in_both_clusters_during_a_partition_reach_both_once_it_heals()
    {
        await system.WaitForFederationAsync();
        var since = DateTimeOffset.UtcNow;
        await using var east = WriteLoad.Start(system.EastCluster);
        await using var west = WriteLoad.Start(system.WestCluster);
        await east.WaitForMoreAcceptedAsync(10, TimeSpan.FromMinutes(2));
        await west.WaitForMoreAcceptedAsync(10, TimeSpan.FromMinutes(2));

        var cut = await LinkCut.CutAsync(system);
        long eastCut, westCut, eastWaiting, westWaiting;
        try
        {
            var (eastBefore, westBefore) = (east.Accepted, west.Accepted);
            await east.WaitForMoreAcceptedAsync(10, TimeSpan.FromMinutes(2));
            await west.WaitForMoreAcceptedAsync(10, TimeSpan.FromMinutes(2));
            (eastCut, westCut) = (east.Accepted - eastBefore, west.Accepted - westBefore);
            // The cut holds: every write accepted meanwhile published at least one event, and each waits in
            // its own cluster's broker for the other (the broker samples queue depths every few seconds, and a
            // running link would drain them).
            eastWaiting = await Eventually.ValueAsync(() => cut.WaitingAsync(TwoClusterSystem.East), waiting => waiting >= eastCut, TimeSpan.FromMinutes(1));
            westWaiting = await Eventually.ValueAsync(() => cut.WaitingAsync(TwoClusterSystem.West), waiting => waiting >= westCut, TimeSpan.FromMinutes(1));
        }
        finally
        {
            // Healed whatever happened: the collection's next tests need the link.
            await cut.HealAsync();
        }

        await east.WaitForMoreAcceptedAsync(5, TimeSpan.FromMinutes(2));
        await east.StopAsync();
        await west.StopAsync();

        var (eastElapsed, eastReport) = await system.EastCluster.WaitForConvergenceAsync(TimeSpan.FromMinutes(2));
        var (westElapsed, westReport) = await system.WestCluster.WaitForConvergenceAsync(TimeSpan.FromMinutes(2));
        var figures = $"Partition: accepted east {east.Accepted} ({eastCut} while cut, {eastWaiting} waiting for west), " +
                      $"west {west.Accepted} ({westCut} while cut, {westWaiting} waiting for east); " +
                      $"converged after healing: east {eastElapsed?.TotalSeconds:F1} s, west {westElapsed?.TotalSeconds:F1} s";
        output.WriteLine(figures);
        // Also in the run's log, where CI keeps it.
        Console.WriteLine(figures);
        if (eastElapsed is null || westElapsed is null)
        {
            var federation = await system.FederationStateAsync();
            Assert.True(eastElapsed is not null, $"east did not converge:\n{eastReport}\n{federation}");
            Assert.True(westElapsed is not null, $"west did not converge:\n{westReport}\n{federation}");
        }
        // The cross-cluster pairs are part of each report: every service compared with its peer.
        Assert.Contains(eastReport.Pairs, pair => pair.Owner == "west-restaurants" && pair.OwnerRows > 0);
        Assert.Contains(westReport.Pairs, pair => pair.Owner == "east-orders" && pair.OwnerRows > 0);

        // Nothing lost: each accepted write is in its home and in the other cluster's copy and replicas.
        Assert.Equal(0, await east.LostAsync(system.EastCluster, eastReport));
        Assert.Equal(0, await east.LostAsync(system.WestCluster, westReport));
        Assert.Equal(0, await west.LostAsync(system.WestCluster, westReport));
        Assert.Equal(0, await west.LostAsync(system.EastCluster, eastReport));
        Assert.Equal(0, await system.EastCluster.EffectsAppliedTwiceAsync(since));
        Assert.Equal(0, await system.WestCluster.EffectsAppliedTwiceAsync(since));
    }
}
