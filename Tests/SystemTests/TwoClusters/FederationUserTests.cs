using System.Text.RegularExpressions;
using FoodDelivery.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// Each direction of the federation has its own broker user: the login east's links hold (the URI of east's
/// upstreams) opens west's broker and nothing else, and there it may touch only the queues and exchanges of
/// east's own links, by their exact names: it can neither spy on an owner's stream through a queue of its own,
/// nor forge a link object, nor publish into an exchange a cluster takes events from.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class FederationUserTests(TwoClusterSystem system)
{
    const string Owner = "menu";

    [Theory]
    [InlineData(East)]
    [InlineData(West)]
    public async Task A_cluster_s_federation_login_opens_the_peer_s_broker_and_not_its_own(string cluster)
    {
        var (user, login) = await LinkLoginAsync(cluster);

        await using (await RawBroker.ConnectAsync(await OnBrokerOfAsync(Other(cluster), login), user)) { }
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var own = await RawBroker.ConnectAsync(await OnBrokerOfAsync(cluster, login), user);
        });
        Assert.True(IsAuthenticationFailure(refused), $"{cluster}'s broker took the login its own links use on {Other(cluster)}: {refused}");
    }

    [Theory]
    [InlineData(East)]
    [InlineData(West)]
    public async Task A_cluster_s_federation_login_gets_no_plaintext_connection_at_the_peer(string cluster)
    {
        var (_, login) = await LinkLoginAsync(cluster);
        var onPeer = await OnBrokerOfAsync(Other(cluster), login);
        var plaintext = new ConnectionFactory
        {
            Uri = new UriBuilder(onPeer) { Scheme = "amqp", Query = "" }.Uri,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        };
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var connection = await plaintext.CreateConnectionAsync();
        });
    }

    [Fact]
    public async Task East_s_federation_login_may_not_declare_bind_publish_or_consume_beyond_its_own_links_on_west()
    {
        await system.WaitForFederationAsync();
        var (user, login) = await LinkLoginAsync(East);
        var west = await OnBrokerOfAsync(West, login);
        var ownQueue = LinkQueue(downstream: East, upstream: West, Owner);
        var spy = $"federation: spy {Guid.NewGuid():N}";

        var attempts = new (string What, Func<RawBroker, Task> Attempt)[]
        {
            ("declare a queue of its own", broker => broker.DeclareQueueAsync(spy)),
            ("declare a queue named like one of its links, for another exchange", broker => broker.DeclareQueueAsync(LinkQueue(East, West, "spy"))),
            ("declare an exchange of its own", broker => broker.DeclareExchangeAsync(spy)),
            ("declare a third internal exchange beside its link's", broker => broker.DeclareExchangeAsync($"{ownQueue} C")),
            ("bind a link's queue to a dead-letter exchange", broker => broker.BindAsync(ownQueue, BrokerNames.DeadLetterExchange(Owner))),
            ("consume a service's queue", broker => broker.ConsumeOnceAsync(BrokerNames.Queue(Owner))),
            ("publish to an owner exchange", broker => broker.PublishToAsync(BrokerNames.OwnerExchange(Owner), "", "MenuItemChanged", "{}", Guid.NewGuid().ToString(), Owner)),
            ("publish to the exchange west takes east's events from", broker => broker.PublishToAsync(BrokerNames.PeerExchange(East, Owner), "", "MenuItemChanged", "{}", Guid.NewGuid().ToString(), Owner)),
        };
        var allowed = new List<string>();
        foreach (var (what, attempt) in attempts)
        {
            await using var broker = await RawBroker.ConnectAsync(west, user);
            if (await broker.RefusalOfAsync(attempt) != RawBroker.AccessRefused)
            {
                allowed.Add(what);
            }
        }
        await using (var cleanup = await system.RawBrokerAsync(West))
        {
            await cleanup.DeleteQueueAsync(spy);
        }
        Assert.True(allowed.Count == 0, $"west's broker let east's federation user ({user}): {string.Join("; ", allowed)}");

        // What its links need still works: the links run.
        await system.WaitForFederationAsync();
    }

    /// <summary>The queue a link of <paramref name="downstream"/> consumes on <paramref name="upstream"/>'s broker (RabbitMQ's naming).</summary>
    static string LinkQueue(string downstream, string upstream, string owner) =>
        $"federation: {BrokerNames.OwnerExchange(owner)} -> {downstream}:{BrokerNames.PeerExchange(upstream, owner)}";

    /// <summary>The user and password <paramref name="cluster"/>'s federation links log into the peer with, from its own upstreams.</summary>
    async Task<(string User, Uri Login)> LinkLoginAsync(string cluster)
    {
        using var management = await system.BrokerManagementAsync(cluster);
        using var upstream = await management.GetAsync($"/api/parameters/federation-upstream/%2F/{Other(cluster)}-{Owner}");
        var uri = new Uri(upstream.RootElement.GetProperty("value").GetProperty("uri").GetString()!);
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        Assert.DoesNotMatch(new Regex(@"^\**$"), Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]));
        return (user, uri);
    }

    async Task<Uri> OnBrokerOfAsync(string cluster, Uri login)
    {
        var broker = new Uri((await system.App.GetConnectionStringAsync(Resource(cluster, "messaging")))!);
        return new UriBuilder(login) { Host = broker.Host, Port = broker.Port }.Uri;
    }

    static bool IsAuthenticationFailure(Exception? exception) =>
        exception is not null && (exception is AuthenticationFailureException || IsAuthenticationFailure(exception.InnerException));
}
