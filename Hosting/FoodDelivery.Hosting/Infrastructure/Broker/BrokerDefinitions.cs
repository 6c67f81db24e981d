using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FoodDelivery.Hosting.Clusters;
using FoodDelivery.Contracts;

namespace FoodDelivery.Hosting.Infrastructure.Broker;

/// <summary>
/// One broker's definitions, which RabbitMQ loads at every boot (<c>load_definitions</c>): users with their
/// password hashes and least-privilege permissions, the exchanges, queues and bindings of the sync, and
/// with a peer cluster the federation (cluster name, upstreams, policies). Generated from
/// <see cref="ServiceCatalogue"/>, so the topology is declared once, by the infrastructure; services may
/// configure nothing and only check it passively.
/// </summary>
/// <remarks>
/// Permissions, per service: write only its owner exchange (where its events enter the bus), its
/// dead-letter exchange and its replay exchange; read only its own queue and dead-letter queue;
/// configure nothing. So no service can publish another's events, reach another's queue, or change the
/// topology. Each queue is bound to the exchanges of the owners it replicates, and nothing else.
/// </remarks>
public static class BrokerDefinitions
{
    /// <summary>After this many deliveries the broker dead-letters a message (a crash loop's poison).</summary>
    public const int DeliveryLimit = 10;

    /// <summary>Seconds between a lost federation link's reconnection attempts: short, so a healed partition is noticed quickly.</summary>
    public const int FederationReconnectDelaySeconds = 2;

    /// <summary>The key <see cref="Input.PasswordHash"/> is asked for the operator's hash (services go by their user name, the peer's links by <see cref="BrokerIdentities.PeerLinkKey"/>).</summary>
    public const string OperatorKey = "operator";

    /// <summary>
    /// What the definitions are made of: the operator's user name, each user's password hash (asked by user name,
    /// <see cref="OperatorKey"/> for the operator, <see cref="BrokerIdentities.PeerLinkKey"/> for the peer's links) and,
    /// with a peer, the federation upstream's AMQP URI with this cluster's links' credentials on the peer. Either the
    /// real values, or placeholders a container's start script fills in (<see cref="BrokerStartScript"/>).
    /// </summary>
    public sealed record Input(Cluster Cluster, string OperatorUser, Func<string, string> PasswordHash, string? PeerUpstreamUri);

    public static JsonObject Build(Input input)
    {
        var services = ServiceCatalogue.Services;
        var owners = services.Select(service => service.Name).ToList();
        var users = new JsonArray { User(input.OperatorUser, input.PasswordHash(OperatorKey), "administrator") };
        var permissions = new JsonArray { Permission(input.OperatorUser, ".*", ".*", ".*") };
        var exchanges = new JsonArray();
        var queues = new JsonArray();
        var bindings = new JsonArray();

        foreach (var service in services)
        {
            var name = service.Name;
            users.Add(User(name, input.PasswordHash(name)));
            permissions.Add(Permission(name,
                configure: "^$",
                write: $"^{Regex.Escape(BrokerNames.OwnerExchange(name))}({Regex.Escape(".dead-letters")}|{Regex.Escape(".replay")})?$",
                read: $"^({Regex.Escape(BrokerNames.Queue(name))}|{Regex.Escape(BrokerNames.DeadLetterQueue(name))})$"));

            exchanges.Add(Exchange(BrokerNames.OwnerExchange(name)));
            exchanges.Add(Exchange(BrokerNames.DeadLetterExchange(name)));
            exchanges.Add(Exchange(BrokerNames.ReplayExchange(name)));
            queues.Add(Queue(BrokerNames.DeadLetterQueue(name), new JsonObject()));
            queues.Add(Queue(BrokerNames.Queue(name), new JsonObject
            {
                ["x-delivery-limit"] = DeliveryLimit,
                ["x-dead-letter-exchange"] = BrokerNames.DeadLetterExchange(name),
                ["x-dead-letter-routing-key"] = BrokerNames.BrokerDeadLetterKey,
                // Dead letters are confirmed into their queue, so even they are not lost.
                ["x-dead-letter-strategy"] = "at-least-once",
                ["x-overflow"] = "reject-publish",
            }));
            bindings.Add(Binding(BrokerNames.DeadLetterExchange(name), BrokerNames.DeadLetterQueue(name)));
            bindings.Add(Binding(BrokerNames.ReplayExchange(name), BrokerNames.Queue(name)));
            foreach (var owner in service.ReplicatedOwners)
            {
                bindings.Add(Binding(BrokerNames.OwnerExchange(owner), BrokerNames.Queue(name)));
            }
        }

        var definitions = new JsonObject
        {
            ["users"] = users,
            ["vhosts"] = new JsonArray { new JsonObject { ["name"] = "/" } },
            ["permissions"] = permissions,
            ["exchanges"] = exchanges,
            ["queues"] = queues,
            ["bindings"] = bindings,
        };
        if (input.Cluster is { Name: { } cluster, Peer: { } peer })
        {
            AddFederation(definitions, input, cluster, peer, owners);
        }
        return definitions;
    }

    /// <summary>
    /// Two clusters: this broker is upstream of the peer (the peer's links log in as the peer's own federation user,
    /// which may touch only those links' queues and exchanges, by their exact names, and read the owner exchanges they
    /// federate) and downstream of it: per owner, the exchange <see cref="BrokerNames.PeerExchange"/> takes the peer's
    /// owner exchange through a federation link that logs into the peer as this cluster's federation user, and each
    /// queue is bound to the peer exchanges of the owners it replicates and of its own service (the copies of entities
    /// homed there). Only the link writes to a peer exchange, so what comes through it is the peer's.
    /// </summary>
    static void AddFederation(JsonObject definitions, Input input, string cluster, string peer, IReadOnlyList<string> owners)
    {
        var uri = input.PeerUpstreamUri
            ?? throw new InvalidOperationException($"The broker of {cluster} needs the AMQP address of {peer}'s broker for federation.");
        var linkQueues = string.Join("|", owners.Select(owner => Regex.Escape(LinkQueue(downstream: peer, upstream: cluster, owner))));
        var ownerExchanges = string.Join("|", owners.Select(owner => Regex.Escape(BrokerNames.OwnerExchange(owner))));
        // The queue, and its internal exchange (suffix A or B, alternating as the link restarts).
        var linkObjects = $"({linkQueues})( A| B)?";
        var peerLinks = BrokerNames.FederationUser(peer);
        ((JsonArray)definitions["users"]!).Add(User(peerLinks, input.PasswordHash(BrokerIdentities.PeerLinkKey)));
        ((JsonArray)definitions["permissions"]!).Add(Permission(peerLinks,
            configure: $"^{linkObjects}$", write: $"^{linkObjects}$", read: $"^({ownerExchanges}|{linkObjects})$"));

        definitions["global_parameters"] = new JsonArray { new JsonObject { ["name"] = "cluster_name", ["value"] = cluster } };
        var upstreams = new JsonArray();
        var policies = new JsonArray();
        var exchanges = (JsonArray)definitions["exchanges"]!;
        var bindings = (JsonArray)definitions["bindings"]!;
        foreach (var owner in owners)
        {
            var peerExchange = BrokerNames.PeerExchange(peer, owner);
            var upstream = $"{peer}-{owner}";
            exchanges.Add(Exchange(peerExchange));
            upstreams.Add(new JsonObject
            {
                ["component"] = "federation-upstream",
                ["vhost"] = "/",
                ["name"] = upstream,
                ["value"] = new JsonObject
                {
                    ["uri"] = uri,
                    ["exchange"] = BrokerNames.OwnerExchange(owner),
                    // One hop: what crossed is never sent back, so the two directions do not loop.
                    ["max-hops"] = 1,
                    // The upstream's copy is acknowledged only once this broker confirmed it: nothing is lost in between.
                    ["ack-mode"] = "on-confirm",
                    ["reconnect-delay"] = FederationReconnectDelaySeconds,
                },
            });
            policies.Add(new JsonObject
            {
                ["vhost"] = "/",
                ["name"] = $"federate-{upstream}",
                ["pattern"] = $"^{Regex.Escape(peerExchange)}$",
                ["apply-to"] = "exchanges",
                ["priority"] = 0,
                ["definition"] = new JsonObject { ["federation-upstream"] = upstream },
            });
        }
        foreach (var service in ServiceCatalogue.Services)
        {
            foreach (var owner in service.ReplicatedOwners.Append(service.Name))
            {
                bindings.Add(Binding(BrokerNames.PeerExchange(peer, owner), BrokerNames.Queue(service.Name)));
            }
        }
        definitions["parameters"] = upstreams;
        definitions["policies"] = policies;
    }

    /// <summary>
    /// The queue a federation link of <paramref name="downstream"/> declares and consumes on <paramref name="upstream"/>'s
    /// broker for <paramref name="owner"/>'s exchange: RabbitMQ's naming (<c>rabbit_federation_exchange_link</c>, read in 3.10.8),
    /// <c>federation: X -> downstream cluster_name:downstream exchange</c>; its internal exchange adds " A" or " B".
    /// </summary>
    public static string LinkQueue(string downstream, string upstream, string owner) =>
        $"federation: {BrokerNames.OwnerExchange(owner)} -> {downstream}:{BrokerNames.PeerExchange(upstream, owner)}";

    static JsonObject User(string name, string passwordHash, params string[] tags) => new()
    {
        ["name"] = name,
        ["password_hash"] = passwordHash,
        ["hashing_algorithm"] = RabbitMqPasswordHash.Algorithm,
        ["tags"] = new JsonArray([.. tags.Select(tag => (JsonNode)tag)]),
    };

    static JsonObject Permission(string user, string configure, string write, string read) => new()
    {
        ["user"] = user,
        ["vhost"] = "/",
        ["configure"] = configure,
        ["write"] = write,
        ["read"] = read,
    };

    static JsonObject Exchange(string name) => new()
    {
        ["name"] = name,
        ["vhost"] = "/",
        ["type"] = "fanout",
        ["durable"] = true,
        ["auto_delete"] = false,
        ["internal"] = false,
        ["arguments"] = new JsonObject(),
    };

    static JsonObject Queue(string name, JsonObject arguments)
    {
        arguments["x-queue-type"] = "quorum";
        return new JsonObject
        {
            ["name"] = name,
            ["vhost"] = "/",
            ["durable"] = true,
            ["auto_delete"] = false,
            ["arguments"] = arguments,
        };
    }

    static JsonObject Binding(string exchange, string queue) => new()
    {
        ["source"] = exchange,
        ["vhost"] = "/",
        ["destination"] = queue,
        ["destination_type"] = "queue",
        ["routing_key"] = "",
        ["arguments"] = new JsonObject(),
    };
}
