using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Sync.Tests;

/// <summary>Who published a delivery is read from the exchange it came through, which only its owner (or the link) may write.</summary>
public sealed class ProvenanceTests
{
    static readonly PublisherProvenance OneCluster = new(new SyncOptions { ServiceName = "menu" });
    static readonly PublisherProvenance TwoClusters = new(new SyncOptions { ServiceName = "menu", Cluster = "west", PeerCluster = "east" });

    [Fact]
    public void An_owner_exchange_names_its_owner_in_this_cluster() =>
        Assert.Equal(new Provenance("restaurants", SyncOptions.DefaultCluster), OneCluster.Of(BrokerNames.OwnerExchange("restaurants"), receivedFrom: null));

    [Fact]
    public void A_peer_exchange_names_its_owner_in_the_peer_cluster_only_when_there_is_a_peer()
    {
        Assert.Equal(new Provenance("menu", "east"), TwoClusters.Of(BrokerNames.PeerExchange("east", "menu"), receivedFrom: null));
        Assert.Null(OneCluster.Of(BrokerNames.PeerExchange("east", "menu"), receivedFrom: null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("fooddelivery.changes")]
    [InlineData("fooddelivery.menu.dead-letters")]
    [InlineData("amq.direct")]
    public void Any_other_exchange_is_nobody_s(string exchange) => Assert.Null(OneCluster.Of(exchange, receivedFrom: BrokerNames.OwnerExchange("restaurants")));

    [Fact]
    public void A_replayed_delivery_is_judged_by_the_exchange_it_first_came_through_and_only_through_its_own_replay_exchange()
    {
        Assert.Equal("restaurants", OneCluster.Of(BrokerNames.ReplayExchange("menu"), BrokerNames.OwnerExchange("restaurants"))!.Owner);
        Assert.Null(OneCluster.Of(BrokerNames.ReplayExchange("menu"), receivedFrom: null));
        // Another service's replay path is not this one's: its header means nothing here.
        Assert.Null(OneCluster.Of(BrokerNames.ReplayExchange("orders"), BrokerNames.OwnerExchange("restaurants")));
        // Outside a replay the header is ignored: the exchange decides.
        Assert.Equal("payments", OneCluster.Of(BrokerNames.OwnerExchange("payments"), BrokerNames.OwnerExchange("restaurants"))!.Owner);
    }
}
