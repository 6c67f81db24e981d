using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// One kustomize overlay per cluster of the AppHost's two-cluster model (<c>--Clusters:Count=2</c>),
/// over the single-cluster base <c>k8s/</c>: what the two-cluster manifest gives a cluster's resources
/// beyond the base (the services' <c>Sync__Cluster</c>/<c>Sync__PeerCluster</c>, the broker's federation
/// plugin and its definitions with the upstreams and federation policies, loaded at boot), the peer's
/// AMQP address in the broker's ConfigMap (<c>FD_BROKER_PEER_ADDRESS</c>, which the start script puts
/// into the upstreams' URIs), AMQP exposed to the peer's addresses only (a LoadBalancer Service and a
/// NetworkPolicy, both limited to its CIDR), and the values both clusters must share
/// (<c>shared-secrets.env</c>: the token key, the federation user's password) merged into the Secret.
/// Variables that name the peer's services (cross-cluster convergence) are left out: those services are
/// in another cluster, not reachable by these names.
/// </summary>
public static partial class ClusterOverlays
{
    public const string PeerAddressVariable = "FD_BROKER_PEER_ADDRESS";
    public const string SharedSecretsFile = "shared-secrets.env";
    public const string SharedSecretsExampleFile = "shared-secrets.env.example";
    public const string SharedSecretsComponent = "shared-secrets";
    public const string FederationServiceSuffix = "-federation";
    public const string TemplateVariable = "FD_RABBITMQ_DEFINITIONS_TEMPLATE";

    /// <summary>Secrets whose values must be equal in both clusters.</summary>
    public static IReadOnlyList<(string Key, string Why)> SharedSecrets { get; } =
    [
        ("jwt-signing-key", "accounts derives its token-signing key from it: a token from either cluster's accounts works in both"),
        ("messaging-federation-password", "the federation user's password: each broker's upstream logs into the other's with it"),
    ];

    /// <summary>The peer of each cluster, how its broker is reached, and which addresses it connects from.</summary>
    public sealed record Peer(string Address, string Cidr);

    /// <summary>Documentation addresses (RFC 2606, RFC 5737): nothing is reachable until they are replaced.</summary>
    public static Peer DefaultPeer(string peer, int index) => new($"amqp.{peer}.fooddelivery.example:5672", index == 0 ? "198.51.100.0/24" : "203.0.113.0/24");

    public static void WriteTo(AspireManifest baseManifest, AspireManifest twoClusters, string directory, string baseRelativePath,
        IReadOnlyDictionary<string, Peer> peers, string @namespace)
    {
        // Everything is regenerated but an operator's own shared-secrets.env.
        var ownSecrets = Path.Combine(directory, SharedSecretsComponent, SharedSecretsFile);
        var kept = File.Exists(ownSecrets) ? File.ReadAllText(ownSecrets) : null;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        var clusters = twoClusters.Resources.Where(r => r.IsProject || r.IsContainer)
            .Select(r => r.Name[..r.Name.IndexOf('-', StringComparison.Ordinal)]).Distinct().ToList();
        if (clusters.Count != 2)
        {
            throw new InvalidDataException($"The two-cluster manifest has clusters {string.Join(", ", clusters)}.");
        }
        for (var i = 0; i < 2; i++)
        {
            var (cluster, peer) = (clusters[i], clusters[1 - i]);
            var peerBroker = peers.TryGetValue(peer, out var configured) ? configured : DefaultPeer(peer, i);
            WriteOverlay(baseManifest, twoClusters, Path.Combine(directory, cluster), $"../{baseRelativePath}", cluster, peer, peerBroker, @namespace);
        }
        var example = new StringBuilder();
        example.AppendLine("# The values both clusters must share, one KEY=value a line. Copy this file to " + SharedSecretsFile);
        example.AppendLine("# (ignored by git), beside this one, and fill it in; both overlays merge it into the Secret over k8s/secrets.env.");
        foreach (var (key, why) in SharedSecrets)
        {
            example.AppendLine();
            example.AppendLine($"# {key}: {why}");
            example.AppendLine($"{key}=");
        }
        // A Component of its own: kustomize reads files only at or below a kustomization's folder.
        var shared = Path.Combine(directory, SharedSecretsComponent);
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Combine(shared, SharedSecretsExampleFile), example.ToString());
        var component = Kustomization.Component();
        Write(shared, "kustomization.yaml", new Kustomization
        {
            ApiVersion = component.ApiVersion,
            Kind = component.Kind,
            SecretGenerator = [new KustomizeSecretGenerator { Name = DeploymentConventions.SecretName, Behavior = "merge", Envs = [SharedSecretsFile] }],
        });
        if (kept is not null)
        {
            File.WriteAllText(ownSecrets, kept);
        }
    }

    static void WriteOverlay(AspireManifest baseManifest, AspireManifest twoClusters, string directory, string basePath,
        string cluster, string peer, Peer peerBroker, string @namespace)
    {
        Directory.CreateDirectory(directory);
        var patches = new List<KustomizePatch>();
        var resources = new List<string> { basePath };
        foreach (var resource in baseManifest.Resources.Where(r => r.IsWorkload))
        {
            var clustered = twoClusters.ByName.GetValueOrDefault($"{cluster}-{resource.Name}")
                ?? throw new InvalidDataException($"The two-cluster manifest has no {cluster}-{resource.Name}.");
            var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var baseEnvironment = resource.Environment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            foreach (var (name, expression) in clustered.Environment)
            {
                var local = OwnCluster(cluster).Replace(expression, "{");
                if (baseEnvironment.TryGetValue(name, out var baseValue) && baseValue == local)
                {
                    continue;
                }
                if (ExpressionResolver.References(expression).Any(r => r.StartsWith($"{peer}-", StringComparison.Ordinal)))
                {
                    continue; // the peer's own services: another cluster
                }
                if (ExpressionResolver.References(local).Any())
                {
                    throw new InvalidDataException($"{clustered.Name}: {name} differs from the base by an expression ({expression}); the overlays carry literal values only.");
                }
                data[name] = name == TemplateVariable ? WithPeerAddressVariable(local, peer) : local;
            }
            if (clustered.Environment.Any(e => e.Key == TemplateVariable))
            {
                data[PeerAddressVariable] = peerBroker.Address;
            }
            if (data.Count == 0)
            {
                continue;
            }
            var fileName = $"{resource.Name}-env.yaml";
            Write(directory, fileName, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = WorkloadFactory.ConfigMapName(resource.Name) }, Data = data }.Typed());
            patches.Add(new KustomizePatch { Path = fileName });
        }

        var broker = baseManifest.Resources.Single(r => r.IsContainer && r.Environment.Any(e => e.Key == TemplateVariable));
        var amqp = broker.Bindings[0];
        var federation = $"{broker.Name}{FederationServiceSuffix}";
        Write(directory, "federation-service.yaml", new V1Service
        {
            Metadata = new V1ObjectMeta { Name = federation, Labels = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = broker.Name } },
            Spec = new V1ServiceSpec
            {
                Type = "LoadBalancer",
                LoadBalancerSourceRanges = [peerBroker.Cidr],
                Selector = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = broker.Name },
                Ports = [new V1ServicePort { Name = WorkloadFactory.PortName(amqp.Name), Port = amqp.TargetPort, TargetPort = WorkloadFactory.PortName(amqp.Name), Protocol = "TCP" }],
            },
        }.Typed());
        Write(directory, "federation-network-policy.yaml", new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = federation },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = broker.Name } },
                PolicyTypes = ["Ingress", "Egress"],
                // The peer's federation links connect here, and this broker's links connect there.
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = peerBroker.Cidr } }], Ports = [new V1NetworkPolicyPort { Port = amqp.TargetPort, Protocol = "TCP" }] }],
                Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = peerBroker.Cidr } }], Ports = [new V1NetworkPolicyPort { Port = amqp.TargetPort, Protocol = "TCP" }] }],
            },
        }.Typed());
        resources.AddRange(["federation-service.yaml", "federation-network-policy.yaml"]);

        Write(directory, "kustomization.yaml", new Kustomization
        {
            Namespace = @namespace,
            Resources = resources,
            Components = [$"../{SharedSecretsComponent}"],
            Patches = patches,
        });
    }

    /// <summary>The template names the peer's broker by its AppHost resource name; in Kubernetes it is the address the operator gives.</summary>
    static string WithPeerAddressVariable(string base64Template, string peer)
    {
        var template = Encoding.UTF8.GetString(Convert.FromBase64String(base64Template));
        var node = JsonNode.Parse(template) ?? throw new InvalidDataException("The broker's definitions template is empty.");
        var upstreams = node["parameters"]?.AsArray().Where(p => (string?)p?["component"] == "federation-upstream").ToList() ?? [];
        if (upstreams.Count == 0)
        {
            throw new InvalidDataException("The two-cluster broker definitions declare no federation upstream.");
        }
        foreach (var upstream in upstreams)
        {
            var uri = (string?)upstream!["value"]?["uri"] ?? throw new InvalidDataException("A federation upstream has no uri.");
            var at = uri.LastIndexOf('@');
            var host = uri[(at + 1)..];
            if (!host.StartsWith($"{peer}-", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The upstream {(string?)upstream["name"]} points at {host}, not {peer}'s broker.");
            }
            upstream["value"]!["uri"] = uri[..(at + 1)] + $"@@{PeerAddressVariable}@@";
        }
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(node.ToJsonString()));
    }

    static Regex OwnCluster(string cluster) => new($@"\{{{Regex.Escape(cluster)}-");

    static void Write(string directory, string fileName, object content) =>
        File.WriteAllText(Path.Combine(directory, fileName), new KubernetesFile(fileName, content).ToYaml());
}
