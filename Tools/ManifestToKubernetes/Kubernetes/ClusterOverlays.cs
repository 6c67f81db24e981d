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
/// NetworkPolicy, both limited to its CIDR), and the cluster's own Secret: every secret comes from the
/// overlay's own <c>secrets.env</c>, which replaces the base's, so no password or key is shared with the
/// peer but the one both must share (<c>shared-secrets.env</c>: the token key), merged over it. The broker
/// gets the federation passwords the base does not have: its links' own (<c>messaging-federation-password</c>)
/// and the peer's links' (<c>peer-messaging-federation-password</c>, equal to the peer's own), which it checks.
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

    /// <summary>The prefix of a Secret key holding a value of the peer's (<c>peer-messaging-federation-password</c>).</summary>
    public const string PeerSecretPrefix = "peer-";

    /// <summary>Secrets whose values must be equal in both clusters: only the token key, so that tokens work in both.</summary>
    public static IReadOnlyList<(string Key, string Why)> SharedSecrets { get; } =
    [
        ("jwt-signing-key", "accounts derives its token-signing key from it: a token from either cluster's accounts works in both"),
    ];

    /// <summary>The peer of each cluster, how its broker is reached, and which addresses it connects from.</summary>
    public sealed record Peer(string Address, string Cidr);

    /// <summary>Documentation addresses (RFC 2606, RFC 5737): nothing is reachable until they are replaced.</summary>
    public static Peer DefaultPeer(string peer, int index) => new($"amqp.{peer}.fooddelivery.example:5671", index == 0 ? "198.51.100.0/24" : "203.0.113.0/24");

    /// <summary>The Secret key of the peer cluster's CA certificate (base64 of its PEM), which this broker's links verify the peer with.</summary>
    public const string PeerCertificateAuthorityKey = PeerSecretPrefix + "messaging-ca";

    public const string PeerCertificateAuthorityVariable = "FD_BROKER_PEER_CA";

    public static void WriteTo(AspireManifest baseManifest, AspireManifest twoClusters, string directory, string baseRelativePath,
        IReadOnlyDictionary<string, Peer> peers, string @namespace)
    {
        var clusters = twoClusters.Resources.Where(r => r.IsProject || r.IsContainer)
            .Select(r => r.Name[..r.Name.IndexOf('-', StringComparison.Ordinal)]).Distinct().ToList();
        if (clusters.Count != 2)
        {
            throw new InvalidDataException($"The two-cluster manifest has clusters {string.Join(", ", clusters)}.");
        }
        // Everything is regenerated but an operator's own secret files.
        var ownFiles = clusters.Select(cluster => Path.Combine(directory, cluster, DeploymentConventions.SecretsFile))
            .Append(Path.Combine(directory, SharedSecretsComponent, SharedSecretsFile))
            .Concat(HighAvailabilityBackups.InputFiles.Select(file => Path.Combine(directory, HighAvailabilityOverlay.FolderName, file)))
            .Where(File.Exists)
            .ToDictionary(file => file, File.ReadAllText);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        var baseSecrets = KubernetesOutput.Generate(baseManifest).Secrets;
        for (var i = 0; i < 2; i++)
        {
            var (cluster, peer) = (clusters[i], clusters[1 - i]);
            var peerBroker = peers.TryGetValue(peer, out var configured) ? configured : DefaultPeer(peer, i);
            // How the peer dials this cluster's broker: the name its certificate must carry.
            var ownAddress = peers.TryGetValue(cluster, out var seen) ? seen.Address : DefaultPeer(cluster, 1 - i).Address;
            WriteOverlay(baseManifest, twoClusters, baseSecrets, Path.Combine(directory, cluster), $"../{baseRelativePath}", cluster, peer, peerBroker,
                ownAddress, @namespace);
        }
        var example = new StringBuilder();
        example.AppendLine("# The values both clusters must share, one KEY=value a line. Copy this file to " + SharedSecretsFile);
        example.AppendLine("# (ignored by git), beside this one, and fill it in; both overlays merge it into their own Secret.");
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
        foreach (var (file, text) in ownFiles)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
    }

    static void WriteOverlay(AspireManifest baseManifest, AspireManifest twoClusters, IReadOnlyList<DeploymentSecret> baseSecrets,
        string directory, string basePath, string cluster, string peer, Peer peerBroker, string ownAddress, string @namespace)
    {
        Directory.CreateDirectory(directory);
        var patches = new List<KustomizePatch>();
        var resources = new List<string> { basePath };
        var ownSecrets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in baseManifest.Resources.Where(r => r.IsWorkload))
        {
            var clustered = twoClusters.ByName.GetValueOrDefault($"{cluster}-{resource.Name}")
                ?? throw new InvalidDataException($"The two-cluster manifest has no {cluster}-{resource.Name}.");
            var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var secretFed = new List<V1EnvVar>();
            var baseEnvironment = resource.Environment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            foreach (var (name, expression) in clustered.Environment)
            {
                var local = OwnCluster(cluster).Replace(expression, "{");
                if (baseEnvironment.TryGetValue(name, out var baseValue) && baseValue == local)
                {
                    continue;
                }
                if (resource.IsContainer && !baseEnvironment.ContainsKey(name) && SecretKeyOf(twoClusters, expression, cluster, peer) is { } key)
                {
                    // A secret the single-cluster base has not (the federation passwords): from this cluster's own Secret.
                    secretFed.Add(new V1EnvVar
                    {
                        Name = name,
                        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = DeploymentConventions.SecretName, Key = key } },
                    });
                    ownSecrets[key] = key.StartsWith(PeerSecretPrefix, StringComparison.Ordinal)
                        ? $"the value of {key[PeerSecretPrefix.Length..]} in {peer}'s secrets.env: {peer}'s federation links log into this cluster's broker with it"
                        : $"this cluster's federation links log into {peer}'s broker with it ({peer}'s {PeerSecretPrefix}{key} is the same value); 24+ letters and digits";
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
                secretFed.Add(new V1EnvVar
                {
                    Name = PeerCertificateAuthorityVariable,
                    ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = DeploymentConventions.SecretName, Key = PeerCertificateAuthorityKey } },
                });
                ownSecrets[PeerCertificateAuthorityKey] =
                    $"{peer}'s CA certificate, base64 of its PEM (kubectl get secret {TransportSecurity.CertificateAuthority} -o jsonpath='{{.data.ca\\.crt}}' " +
                    $"in {peer}), which this broker's federation links verify {peer}'s broker with; not a secret, but it must be {peer}'s own";
                if (resource.Environment.FirstOrDefault(e => e.Key == TransportSecurity.ServerSecretVariable).Value is { } tlsSecret)
                {
                    // The peer dials this broker by its public name: the certificate carries it beside the in-cluster ones.
                    var certificateFile = $"{resource.Name}-certificate.yaml";
                    Write(directory, certificateFile, CustomResource.Create(TransportSecurity.CertManagerApiVersion, "Certificate", tlsSecret, null,
                        CustomResource.Map(("dnsNames", TransportSecurity.DnsNames(resource.Name, @namespace).Append(ownAddress[..ownAddress.LastIndexOf(':')]).ToList()))));
                    patches.Add(new KustomizePatch { Path = certificateFile });
                }
            }
            if (secretFed.Count > 0)
            {
                var secretsFile = $"{resource.Name}-secrets.yaml";
                Write(directory, secretsFile, new V1StatefulSet
                {
                    Metadata = new V1ObjectMeta { Name = resource.Name },
                    Spec = new V1StatefulSetSpec
                    {
                        Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = resource.Name, Env = secretFed }] } },
                    },
                }.Typed());
                patches.Add(new KustomizePatch { Path = secretsFile });
            }
            if (data.Count == 0)
            {
                continue;
            }
            var fileName = $"{resource.Name}-env.yaml";
            Write(directory, fileName, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = WorkloadFactory.ConfigMapName(resource.Name) }, Data = data }.Typed());
            patches.Add(new KustomizePatch { Path = fileName });
        }
        WriteSecretsExample(directory, cluster, peer, baseSecrets, ownSecrets);

        var broker = baseManifest.Resources.Single(r => r.IsContainer && r.Environment.Any(e => e.Key == TemplateVariable));
        var amqp = broker.Bindings[0];
        var federation = $"{broker.Name}{FederationServiceSuffix}";
        var labels = RecommendedLabels.Of(broker, GeneratorOptions.Default with { Namespace = @namespace });
        Write(directory, "federation-service.yaml", new V1Service
        {
            Metadata = new V1ObjectMeta { Name = federation, Labels = labels },
            Spec = new V1ServiceSpec
            {
                Type = "LoadBalancer",
                // The nodes hand the connection to a broker pod of their own, so the pod sees the peer's address, which
                // the NetworkPolicy's ipBlock admits; Cluster would masquerade it as a node's and the policy would refuse it.
                ExternalTrafficPolicy = "Local",
                LoadBalancerSourceRanges = [peerBroker.Cidr],
                Selector = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = broker.Name },
                Ports = [new V1ServicePort { Name = WorkloadFactory.PortName(amqp.Name), Port = amqp.TargetPort, TargetPort = WorkloadFactory.PortName(amqp.Name), Protocol = "TCP" }],
            },
        }.Typed());
        Write(directory, "federation-network-policy.yaml", new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = federation, Labels = new Dictionary<string, string>(labels) },
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
            // Replaces the base's Secret whole: nothing of k8s/secrets.env reaches a cluster. The shared component merges after.
            SecretGenerator = [new KustomizeSecretGenerator { Name = DeploymentConventions.SecretName, Behavior = "replace", Envs = [DeploymentConventions.SecretsFile] }],
            Components = [$"../{SharedSecretsComponent}"],
            Patches = patches,
        });
    }

    /// <summary>The cluster's own <c>secrets.env.example</c>: every secret of the base but the shared ones, and the federation passwords.</summary>
    static void WriteSecretsExample(string directory, string cluster, string peer, IReadOnlyList<DeploymentSecret> baseSecrets, IReadOnlyDictionary<string, string> ownSecrets)
    {
        var example = new StringBuilder();
        example.AppendLine($"# Every secret value of cluster {cluster}, one KEY=value a line. Copy this file to {DeploymentConventions.SecretsFile}");
        example.AppendLine($"# (ignored by git), beside this one, and fill in values of {cluster}'s own, none used in {peer} (but");
        example.AppendLine($"# {PeerSecretPrefix}messaging-federation-password, {peer}'s links' password): this file replaces the base's");
        example.AppendLine("# k8s/secrets.env whole (which kustomize still needs to exist; empty will do), and");
        example.AppendLine($"# ../{SharedSecretsComponent}/{SharedSecretsFile} adds the values both clusters share. Letters and digits only.");
        var shared = SharedSecrets.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var secret in baseSecrets.Where(s => !shared.Contains(s.Key)))
        {
            example.AppendLine();
            example.AppendLine($"# {secret.Description}");
            example.AppendLine($"{secret.Key}=");
        }
        foreach (var (key, description) in ownSecrets)
        {
            example.AppendLine();
            example.AppendLine($"# {key}: {description}");
            example.AppendLine($"{key}=");
        }
        File.WriteAllText(Path.Combine(directory, DeploymentConventions.SecretsExampleFile), example.ToString());
    }

    /// <summary>
    /// The Secret key of an expression that is one secret parameter of either cluster (<c>{east-messaging-federation-password.value}</c>):
    /// the base name for this cluster's, <see cref="PeerSecretPrefix"/> and the base name for the peer's; null for anything else.
    /// </summary>
    static string? SecretKeyOf(AspireManifest twoClusters, string expression, string cluster, string peer)
    {
        var match = SecretParameter().Match(expression);
        if (!match.Success || twoClusters.ByName.GetValueOrDefault(match.Groups[1].Value) is not { IsSecretParameter: true } parameter)
        {
            return null;
        }
        return parameter.Name.StartsWith($"{cluster}-", StringComparison.Ordinal) ? parameter.Name[(cluster.Length + 1)..]
            : parameter.Name.StartsWith($"{peer}-", StringComparison.Ordinal) ? PeerSecretPrefix + parameter.Name[(peer.Length + 1)..]
            : null;
    }

    [GeneratedRegex(@"^\{([^{}.]+)\.value\}$")]
    private static partial Regex SecretParameter();

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
            var queryAt = uri.IndexOf('?', at);
            var host = queryAt < 0 ? uri[(at + 1)..] : uri[(at + 1)..queryAt];
            if (!host.StartsWith($"{peer}-", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The upstream {(string?)upstream["name"]} points at {host}, not {peer}'s broker.");
            }
            var peerHost = host[..host.LastIndexOf(':')];
            // The start script derives FD_BROKER_PEER_HOST from the address: the name the peer's certificate must carry.
            var query = queryAt < 0 ? "" : uri[queryAt..].Replace($"server_name_indication={peerHost}", "server_name_indication=@@FD_BROKER_PEER_HOST@@", StringComparison.Ordinal);
            upstream["value"]!["uri"] = uri[..(at + 1)] + $"@@{PeerAddressVariable}@@" + query;
        }
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(node.ToJsonString()));
    }

    static Regex OwnCluster(string cluster) => new($@"\{{{Regex.Escape(cluster)}-");

    static void Write(string directory, string fileName, object content) =>
        File.WriteAllText(Path.Combine(directory, fileName), new KubernetesFile(fileName, content).ToYaml());
}
