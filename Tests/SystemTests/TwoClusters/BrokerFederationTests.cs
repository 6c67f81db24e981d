using System.Text.Json;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// The two clusters' brokers are federated as the AppHost sets them up: each change exchange has the
/// other cluster's as upstream, and a message crosses exactly once. The services publish and consume
/// meanwhile, so every test only looks at its own probes (a type no service knows, a unique body).
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class BrokerFederationTests(TwoClusterSystem system)
{
    const string ProbeType = "SystemTests.FederationProbe";
    static readonly TimeSpan LinkDeadline = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(East)]
    [InlineData(West)]
    public async Task Each_broker_runs_a_federation_link_from_the_other_cluster_as_configured(string cluster)
    {
        using var management = await system.BrokerManagementAsync(cluster);

        var links = await Eventually.ValueAsync(management.FederationLinksAsync,
            links => links.Count == 1 && links[0].Status == "running", LinkDeadline);
        Assert.Equal((Other(cluster), RawBroker.Exchange, "running"), Assert.Single(links));

        using var upstream = await management.GetAsync($"/api/parameters/federation-upstream/%2F/{Other(cluster)}");
        var settings = upstream.RootElement.GetProperty("value");
        Assert.Equal(1, settings.GetProperty("max-hops").GetInt32());
        Assert.Equal("on-confirm", settings.GetProperty("ack-mode").GetString());
        Assert.Equal(2, settings.GetProperty("reconnect-delay").GetInt32());

        using var exchange = await management.GetAsync($"/api/exchanges/%2F/{RawBroker.Exchange}");
        Assert.Equal("federate-changes", exchange.RootElement.GetProperty("policy").GetString());
        // What federation writes into x-received-from, so it names the cluster a message came from.
        using var name = await management.GetAsync("/api/cluster-name");
        Assert.Equal(cluster, name.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_message_crosses_to_the_other_cluster_once_with_its_properties_and_never_comes_back()
    {
        var run = Guid.NewGuid().ToString("N");
        await using var eastBus = await system.RecordBusAsync(East);
        await using var westBus = await system.RecordBusAsync(West);
        await using var east = await system.RawBrokerAsync(East);
        await using var west = await system.RawBrokerAsync(West);
        await WaitForLinksAsync();

        await east.PublishAsync(ProbeType, Probe(run, "from-east"), $"{run}-from-east", appId: "east-probe");
        await ArrivesAsync(westBus, run, "from-east");
        // A link delivers in order: west's probe, published once east's has arrived in west, reaches east
        // only after any copy of east's probe that west might have sent back. The same for the closing probe.
        await west.PublishAsync(ProbeType, Probe(run, "from-west"), $"{run}-from-west", appId: "west-probe");
        await ArrivesAsync(eastBus, run, "from-west");
        await east.PublishAsync(ProbeType, Probe(run, "closing"), $"{run}-closing", appId: "east-probe");
        await ArrivesAsync(westBus, run, "closing");

        var published = Assert.Single(Seen(eastBus, run, "from-east"));
        var crossed = Assert.Single(Seen(westBus, run, "from-east"));
        Assert.Single(Seen(westBus, run, "from-west"));
        Assert.Single(Seen(eastBus, run, "from-west"));

        // Federation keeps the publisher's properties and headers, and adds where the message came from.
        Assert.Equal("east-probe", crossed.AppId);
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
            await west.DeclareBoundQueueAsync(queue);
        }
        await using var east = await system.RawBrokerAsync(East);

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
    public async Task A_restarted_broker_gets_the_AppHost_s_federation_definitions_again()
    {
        await WaitForLinksAsync();
        // A definition edited by hand (here the reconnect delay): the AppHost sets it right when the broker is back.
        // Each change restarts west's link, which drops what waits for west in east meanwhile; tests in a
        // collection run one at a time, so no change of another test is in flight.
        using (var management = await system.BrokerManagementAsync(West))
        {
            await management.PutAsync($"/api/parameters/federation-upstream/%2F/{East}", new Dictionary<string, object>
            {
                ["value"] = new Dictionary<string, object>
                {
                    ["uri"] = await system.App.GetConnectionStringAsync(Resource(East, "messaging")) ?? "",
                    ["max-hops"] = 1,
                    ["reconnect-delay"] = 7,
                },
            });
        }

        await RestartAsync(Resource(West, "messaging"), during: () => Task.CompletedTask);

        using var again = await system.BrokerManagementAsync(West);
        var settings = await Eventually.ValueAsync(async () =>
        {
            using var upstream = await again.GetAsync($"/api/parameters/federation-upstream/%2F/{East}");
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

    async Task WaitForLinksAsync()
    {
        foreach (var cluster in Clusters)
        {
            using var management = await system.BrokerManagementAsync(cluster);
            await Eventually.ValueAsync(management.FederationLinksAsync,
                links => links.Count > 0 && links.All(link => link.Status == "running"), LinkDeadline);
        }
    }

    static string Probe(string run, string name) => JsonSerializer.Serialize(new { probe = $"{run}-{name}" });

    static List<RecordedMessage> Seen(BusRecorder bus, string run, string name) =>
        bus.Messages.Where(message => message.Type == ProbeType && message.Body.Contains($"{run}-{name}", StringComparison.Ordinal)).ToList();

    static Task ArrivesAsync(BusRecorder bus, string run, string name) =>
        Eventually.ValueAsync(() => Task.FromResult(Seen(bus, run, name).Count), count => count > 0, LinkDeadline);
}
