using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// What each running service of a two-cluster system was given: its own cluster's broker and database
/// under the usual connection names, its cluster and peer, and service discovery that names its own
/// cluster's services plainly and the other cluster's with their prefix. The engine relies on exactly this.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class ClusterWiringTests(TwoClusterSystem system)
{
    [Fact]
    public void Every_resource_of_both_clusters_is_running_and_healthy()
    {
        foreach (var name in AllResourceNames)
        {
            Assert.True(system.App.ResourceNotifications.TryGetCurrentState(name, out var resource), $"{name} has no state");
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, resource.Snapshot.HealthStatus);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_gets_its_own_cluster_s_connections_its_cluster_names_and_both_clusters_services(string cluster, string service)
    {
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(Resource(cluster, service), out var resource));
        var environment = resource.Snapshot.EnvironmentVariables.ToDictionary(variable => variable.Name, variable => variable.Value);

        // Its own broker user on its own cluster's broker (a Uri compares without the user: compare the text).
        Assert.Equal((await RawBroker.UriAsync(system, service, Resource(cluster, "messaging"))).AbsoluteUri,
            new Uri(environment["ConnectionStrings__messaging"]!).AbsoluteUri);
        Assert.Equal(await system.App.GetConnectionStringAsync(Resource(cluster, $"{service}db")), environment[$"ConnectionStrings__{service}db"]);
        Assert.Equal(cluster, environment["Sync__Cluster"]);
        Assert.Equal(Other(cluster), environment["Sync__PeerCluster"]);
        // The operator's way to take the peer's entities over when the peer is lost.
        Assert.Contains(resource.Snapshot.Commands,
            command => command.Name == "take-over-peer" && command.DisplayName == $"Take over {Other(cluster)}");

        var discovered = environment.Where(variable => variable.Key.StartsWith("services__", StringComparison.Ordinal))
            .ToDictionary(variable => variable.Key, variable => variable.Value);
        // The API (accounts' key set) and the management port (operator calls) of every other service, of both clusters.
        var expected = (from endpoint in new[] { "http", "management" }
                        from other in RunningSystem.ServiceNames.Where(other => other != service)
                        select (Key: $"services__{other}__{endpoint}__0", Resource: Resource(cluster, other), Endpoint: endpoint))
            .Concat(from endpoint in new[] { "http", "management" }
                    from other in RunningSystem.ServiceNames
                    select (Key: $"services__{Resource(Other(cluster), other)}__{endpoint}__0", Resource: Resource(Other(cluster), other), Endpoint: endpoint))
            .ToList();
        Assert.Equal(expected.Select(entry => entry.Key).Order(), discovered.Keys.Order());
        foreach (var (key, target, endpoint) in expected)
        {
            Assert.Equal(system.App.GetEndpoint(target, endpoint), new Uri(discovered[key]!));
        }
    }

    public static TheoryData<string, string> Services()
    {
        var data = new TheoryData<string, string>();
        foreach (var cluster in Clusters)
        {
            foreach (var service in RunningSystem.ServiceNames)
            {
                data.Add(cluster, service);
            }
        }
        return data;
    }
}
