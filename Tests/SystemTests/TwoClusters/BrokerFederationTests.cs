using System.Text.Json;
using FoodDelivery.Contracts;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// The two clusters' brokers are federated as their definitions say: per owner, each broker's peer exchange
/// (<c>fooddelivery.east.restaurants</c> in west) takes the other cluster's owner exchange through a link
/// that logs in there as the cluster's own federation user, and a message crosses exactly once. The services publish and
/// consume meanwhile, so every test only looks at its own probes (a type no service knows, a unique body).
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class BrokerFederationTests(TwoClusterSystem system)
{
    const string ProbeType = "SystemTests.FederationProbe";
    const string Prober = "restaurants";
    static readonly TimeSpan LinkDeadline = TimeSpan.FromMinutes(1);
    static readonly int Owners = ServiceCatalogue.Services.Count;

    [Theory]
    [InlineData(East)]
    [InlineData(West)]
    public async Task Each_broker_runs_one_federation_link_per_owner_from_the_other_cluster_as_its_definitions_say(string cluster)
    {
        using var management = await system.BrokerManagementAsync(cluster);
        var peer = Other(cluster);

        var links = await Eventually.ValueAsync(management.FederationLinksAsync,
            links => links.Count == Owners && links.All(link => link.Status == "running"), LinkDeadline);
        Assert.Equal(
            ServiceCatalogue.Services.Select(owner => ($"{peer}-{owner.Name}", BrokerNames.PeerExchange(peer, owner.Name), "running")).Order(),
            links.Order());

        foreach (var owner in ServiceCatalogue.Services.Select(service => service.Name))
        {
            using var upstream = await management.GetAsync($"/api/parameters/federation-upstream/%2F/{peer}-{owner}");
            var settings = upstream.RootElement.GetProperty("value");
            Assert.Equal(BrokerNames.OwnerExchange(owner), settings.GetProperty("exchange").GetString());
            // As this cluster's own federation user (one per direction), over TLS with the peer's certificate verified
            // against the CA and its name.
            var uri = new Uri(settings.GetProperty("uri").GetString()!);
            Assert.Equal("amqps", uri.Scheme);
            Assert.StartsWith($"{BrokerNames.FederationUser(cluster)}:", uri.UserInfo, StringComparison.Ordinal);
            var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
            Assert.Equal("verify_peer", query["verify"]);
            Assert.True(File.Exists(query["cacertfile"]), $"the upstream's CA file {query["cacertfile"]} does not exist");
            Assert.Equal(uri.Host, query["server_name_indication"]);
            Assert.Equal(1, settings.GetProperty("max-hops").GetInt32());
            Assert.Equal("on-confirm", settings.GetProperty("ack-mode").GetString());
            Assert.Equal(2, settings.GetProperty("reconnect-delay").GetInt32());

            using var exchange = await management.GetAsync($"/api/exchanges/%2F/{Uri.EscapeDataString(BrokerNames.PeerExchange(peer, owner))}");
            Assert.Equal($"federate-{peer}-{owner}", exchange.RootElement.GetProperty("policy").GetString());
        }
        // What federation writes into x-received-from and the upstream queue's name.
        using var name = await management.GetAsync("/api/cluster-name");
        Assert.Equal(cluster, name.RootElement.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(East)]
    [InlineData(West)]
    public async Task The_peer_s_links_reach_this_broker_over_TLS_only(string cluster)
    {
        await WaitForLinksAsync();
        using var management = await system.BrokerManagementAsync(cluster);
        var linkUser = BrokerNames.FederationUser(Other(cluster));
        await Eventually.AssertAsync(async () =>
        {
            using var connections = await management.GetAsync("/api/connections");
            var links = connections.RootElement.EnumerateArray()
                .Where(connection => connection.GetProperty("user").GetString() == linkUser)
                .Select(connection => connection.GetProperty("ssl").GetBoolean())
                .ToList();
            Assert.NotEmpty(links);
            Assert.All(links, ssl => Assert.True(ssl, $"a connection of {linkUser} to {cluster}'s broker is not TLS"));
        });
    }

    [Fact]
    public async Task A_message_crosses_to_the_other_cluster_once_with_its_properties_and_never_comes_back()
    {
        var run = Guid.NewGuid().ToString("N");
        await using var eastBus = await system.RecordBusAsync(East);
        await using var westBus = await system.RecordBusAsync(West);
        await using var east = await system.RawBrokerAsync(East, Prober);
        await using var west = await system.RawBrokerAsync(West, Prober);
        await WaitForLinksAsync();

        await east.PublishAsync(ProbeType, Probe(run, "from-east"), $"{run}-from-east");
        await ArrivesAsync(westBus, run, "from-east");
        // A link delivers in order: west's probe, published once east's has arrived in west, reaches east
        // only after any copy of east's probe that west might have sent back. The same for the closing probe.
        await west.PublishAsync(ProbeType, Probe(run, "from-west"), $"{run}-from-west");
        await ArrivesAsync(eastBus, run, "from-west");
        await east.PublishAsync(ProbeType, Probe(run, "closing"), $"{run}-closing");
        await ArrivesAsync(westBus, run, "closing");

        var published = Assert.Single(Seen(eastBus, run, "from-east"));
        var crossed = Assert.Single(Seen(westBus, run, "from-east"));
        Assert.Single(Seen(westBus, run, "from-west"));
        Assert.Single(Seen(eastBus, run, "from-west"));

        // Federation keeps the publisher's properties and headers, and adds where the message came from.
        Assert.Equal(Prober, crossed.AppId);
        Assert.Equal(published.Body, crossed.Body);
        Assert.Equal(published.Headers["fd-committed-at"], crossed.Headers["fd-committed-at"]);
        Assert.False(published.Headers.ContainsKey("x-received-from"));
        Assert.Contains("cluster-name=east", crossed.Headers["x-received-from"], StringComparison.Ordinal);
        Assert.Contains("cluster-name=west", Assert.Single(Seen(eastBus, run, "from-west")).Headers["x-received-from"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_one_cluster_publishes_while_the_other_broker_is_down_arrives_once_it_is_back()
    {
        var run = Guid.NewGuid().ToString("N");
        var queue = $"system-tests.federation-{run}";
        await WaitForLinksAsync();
        await using (var west = await system.RawBrokerAsync(West))
        {
            await west.DeclareBoundQueueAsync(queue, BrokerNames.PeerExchange(East, Prober));
        }
        await using var east = await system.RawBrokerAsync(East, Prober);

        await RestartAsync(Resource(West, "messaging"), during: () =>
            // East's copy waits in east, in the queue west's link consumes.
            east.PublishAsync(ProbeType, Probe(run, "during-cut"), $"{run}-during-cut"));
        await east.PublishAsync(ProbeType, Probe(run, "after-cut"), $"{run}-after-cut");

        await using var westAgain = await system.RawBrokerAsync(West);
        var received = new List<string?>();
        await Eventually.ValueAsync(async () =>
        {
            received.AddRange((await westAgain.DrainAsync(queue)).Select(message => message.MessageId));
            return received;
        }, ids => ids.Contains($"{run}-after-cut"), LinkDeadline);
        await westAgain.DeleteQueueAsync(queue);

        Assert.Equal(1, received.Count(id => id == $"{run}-during-cut"));
        Assert.Equal(1, received.Count(id => id == $"{run}-after-cut"));
    }

    [Fact]
    public async Task A_restarted_broker_loads_its_federation_definitions_again()
    {
        await WaitForLinksAsync();
        // A definition edited by hand (here the reconnect delay): the broker's definitions set it right when it is back.
        // Each change restarts west's link, which drops what waits for west in east meanwhile; tests in a
        // collection run one at a time, so no change of another test is in flight.
        using (var management = await system.BrokerManagementAsync(West))
        {
            using var current = await management.GetAsync($"/api/parameters/federation-upstream/%2F/{East}-{Prober}");
            await management.PutAsync($"/api/parameters/federation-upstream/%2F/{East}-{Prober}", new Dictionary<string, object>
            {
                ["value"] = new Dictionary<string, object>
                {
                    ["uri"] = current.RootElement.GetProperty("value").GetProperty("uri").GetString()!,
                    ["exchange"] = BrokerNames.OwnerExchange(Prober),
                    ["max-hops"] = 1,
                    ["reconnect-delay"] = 7,
                },
            });
        }

        await RestartAsync(Resource(West, "messaging"), during: () => Task.CompletedTask);

        using var again = await system.BrokerManagementAsync(West);
        var settings = await Eventually.ValueAsync(async () =>
        {
            using var upstream = await again.GetAsync($"/api/parameters/federation-upstream/%2F/{East}-{Prober}");
            return upstream.RootElement.GetProperty("value").Clone();
        }, value => value.GetProperty("reconnect-delay").GetInt32() == 2, LinkDeadline);
        Assert.Equal("on-confirm", settings.GetProperty("ack-mode").GetString());
    }

    /// <summary>Stops a broker, runs <paramref name="during"/>, starts it again and waits until its cluster is whole and linked again.</summary>
    async Task RestartAsync(string broker, Func<Task> during)
    {
        await system.StopAsync(broker);
        try
        {
            await during();
        }
        finally
        {
            await system.StartAsync(broker);
        }
        var cluster = broker[..broker.IndexOf('-', StringComparison.Ordinal)];
        foreach (var service in RunningSystem.ServiceNames)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync(Resource(cluster, service), timeout.Token);
        }
        await WaitForLinksAsync();
    }

    Task WaitForLinksAsync() => system.WaitForFederationAsync(LinkDeadline);

    static string Probe(string run, string name) => JsonSerializer.Serialize(new { probe = $"{run}-{name}" });

    static List<RecordedMessage> Seen(BusRecorder bus, string run, string name) =>
        bus.Messages.Where(message => message.Type == ProbeType && message.Body.Contains($"{run}-{name}", StringComparison.Ordinal)).ToList();

    static Task ArrivesAsync(BusRecorder bus, string run, string name) =>
        Eventually.ValueAsync(() => Task.FromResult(Seen(bus, run, name).Count), count => count > 0, LinkDeadline);
}
