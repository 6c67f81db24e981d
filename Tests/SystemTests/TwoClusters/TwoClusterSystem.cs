using FoodDelivery.Contracts;
using Npgsql;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// The real AppHost with <c>Clusters:Count=2</c>: clusters east and west, each with its own broker,
/// PostgreSQL server and seven services, the brokers federated. Started once for a test collection,
/// in local mode, ready when every resource of both clusters is healthy. Resources are addressed by
/// cluster and plain name (<c>Client("east", "restaurants")</c>).
/// </summary>
public sealed class TwoClusterSystem() : AppHostSystem(["--Clusters:Count=2"], [.. AllResourceNames], StartTimeout)
{
    public const string East = "east";
    public const string West = "west";

    public static readonly string[] Clusters = [East, West];

    // Twice the one-cluster system's resources on the same two cores.
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    public static IEnumerable<string> AllResourceNames =>
        Clusters.SelectMany(cluster => RunningSystem.AllResourceNames.Select(name => Resource(cluster, name)));

    /// <summary>A resource's name in the app model: <c>east-restaurants</c>.</summary>
    public static string Resource(string cluster, string name) => $"{cluster}-{name}";

    public static string Other(string cluster) => cluster == East ? West : East;

    /// <summary>East, for the helpers that drive one cluster (sign-ups, shops, orders, write load).</summary>
    public IServiceCluster EastCluster => new ClusterView(this, East);

    /// <summary>West, for the helpers that drive one cluster.</summary>
    public IServiceCluster WestCluster => new ClusterView(this, West);

    public HttpClient Client(string cluster, string service) => Client(Resource(cluster, service));

    public Task<HttpClient> OperatorClientAsync(string cluster, string service, OperatorScope scope = OperatorScope.Repair) =>
        OperatorClientAsync(Resource(cluster, service), scope);

    /// <summary>A direct connection to database <paramref name="database"/> (e.g. <c>restaurantsdb</c>) of one cluster.</summary>
    public Task<NpgsqlConnection> OpenDatabaseAsync(string cluster, string database) => OpenDatabaseAsync(Resource(cluster, database));

    /// <summary>The management API of one cluster's broker.</summary>
    public Task<BrokerManagement> BrokerManagementAsync(string cluster) => BrokerManagement.ConnectAsync(this, Resource(cluster, "messaging"));

    /// <summary>A raw AMQP client on one cluster's broker, as <paramref name="user"/> (a service, or the operator).</summary>
    public Task<RawBroker> RawBrokerAsync(string cluster, string user = RawBroker.Operator) =>
        RawBroker.ConnectAsync(this, user, Resource(cluster, "messaging"));

    /// <summary>
    /// Waits until each broker runs one federation link per owner of the other cluster. A link's
    /// upstream queue exists only once it ran, and what the other cluster publishes before that does
    /// not cross (resync covers it): a test that counts on every write crossing starts after this.
    /// </summary>
    public async Task WaitForFederationAsync(TimeSpan? within = null)
    {
        foreach (var cluster in Clusters)
        {
            using var management = await BrokerManagementAsync(cluster);
            await Eventually.ValueAsync(() => LinksWhileStartingAsync(management),
                links => links.Count == ServiceCatalogue.Services.Count && links.All(link => link.Status == "running"),
                within ?? TimeSpan.FromMinutes(1));
        }
    }

    // A link still in error after its user was refused makes the federation plugin answer 500: not running yet.
    static async Task<IReadOnlyList<(string Upstream, string Exchange, string Status)>> LinksWhileStartingAsync(BrokerManagement management)
    {
        try
        {
            return await management.FederationLinksAsync();
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.InternalServerError)
        {
            return [];
        }
    }

    /// <summary>Each broker's federation links and the messages waiting in its federation queues, for a failure's message.</summary>
    public async Task<string> FederationStateAsync()
    {
        var lines = new List<string>();
        foreach (var cluster in Clusters)
        {
            using var management = await BrokerManagementAsync(cluster);
            foreach (var (upstream, exchange, status) in await management.FederationLinksAsync())
            {
                lines.Add($"{cluster}: link {upstream} -> {exchange}: {status}");
            }
            foreach (var (name, messages, consumers) in await management.FederationQueuesAsync())
            {
                lines.Add($"{cluster}: queue {name}: {messages} messages, {consumers} consumers");
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// What the operator does on the cluster being taken over, before the peer re-homes: every service of
    /// <paramref name="cluster"/> that holds <paramref name="owner"/>'s rows takes the peer's take-over of them.
    /// </summary>
    public Task FenceForTakeOverAsync(string cluster, string owner) =>
        EveryHolderAsync(cluster, owner, (client, path) => client.PostAsync(path, null));

    /// <summary>The fence lifted again: the peer changes nothing homed in <paramref name="cluster"/>.</summary>
    public Task LiftFenceAsync(string cluster, string owner) =>
        EveryHolderAsync(cluster, owner, (client, path) => client.DeleteAsync(path));

    async Task EveryHolderAsync(string cluster, string owner, Func<HttpClient, string, Task<HttpResponseMessage>> send)
    {
        foreach (var holder in ServiceCatalogue.Services.Where(entry => entry.Name == owner || entry.ReplicatedOwners.Contains(owner)))
        {
            using var client = await OperatorClientAsync(cluster, holder.Name);
            await send(client, SyncRoutes.Fence(owner)).ExpectAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>Records what one cluster's owner exchanges carry from now on, its own owners' and what the link brings from the other cluster.</summary>
    public Task<BusRecorder> RecordBusAsync(string cluster) =>
        BusRecorder.StartAsync(this, Resource(cluster, "messaging"), peerCluster: Other(cluster));
}
