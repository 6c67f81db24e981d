using FoodDelivery.Contracts;
using Npgsql;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>One cluster of a <see cref="TwoClusterSystem"/>, addressed by the services' plain names, for the shared helpers.</summary>
public sealed class ClusterView(TwoClusterSystem system, string cluster) : IServiceCluster
{
    public HttpClient Client(string service) => system.Client(cluster, service);

    public HttpClient ManagementClient(string service) => system.ManagementClient(Resource(cluster, service));

    public Task<HttpClient> OperatorClientAsync(string service, OperatorScope scope = OperatorScope.Repair) =>
        system.OperatorClientAsync(cluster, service, scope);

    public Task<NpgsqlConnection> OpenDatabaseAsync(string database) => system.OpenDatabaseAsync(cluster, database);
}
