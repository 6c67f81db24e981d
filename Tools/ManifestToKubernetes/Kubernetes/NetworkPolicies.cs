using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// Default deny, then exactly the flows the system uses: services to the database and the broker's AMQP
/// port, to the OpenTelemetry Collector's OTLP ports (and it to the dashboard's) and to each other's API port (accounts' key set) and management port
/// (the convergence check, entity lookup); the ingress controller's namespace to the services' API port only
/// (their first binding); pods labelled <c>fooddelivery.io/operator: "true"</c> to the services' API and
/// management ports (<c>/sync/*</c>, <c>/operator/*</c>, which the API port does not answer), the broker's
/// management port and the dashboard's UI; namespaces labelled <c>fooddelivery.io/metrics-scraper: "true"</c>
/// to the broker's and the collector's metrics ports; everyone to DNS.
/// </summary>
public static class NetworkPolicies
{
    public const string FolderName = "network-policies";

    public static ResourceFolder Create(AspireManifest manifest, GeneratorOptions options)
    {
        var projects = manifest.Resources.Where(r => r.IsProject).ToList();
        var servers = manifest.Resources.Where(r => r.IsContainer && r.Bindings.Count > 0).ToList();
        // A project's first binding is its public API; any other (the management port) never leaves the namespace.
        var apiPorts = projects.Where(p => p.Bindings.Count > 0).Select(p => p.Bindings[0].TargetPort).Distinct().Order().ToList();
        var httpPorts = projects.SelectMany(p => p.Bindings.Where(b => b.Scheme == "http").Select(b => b.TargetPort)).Distinct().Order().ToList();
        var collectorOtlpPorts = new[] { CollectorFactory.OtlpGrpcPort, CollectorFactory.OtlpHttpPort };
        var collector = Pods((DeploymentConventions.NameLabel, CollectorFactory.Name));

        var files = new List<KubernetesFile>
        {
            new("default-deny.yaml", Policy("default-deny", options, new V1LabelSelector(), ingress: [], egress: [])),
            new("allow-dns.yaml", Policy("allow-dns", options, new V1LabelSelector(), ingress: null, egress:
            [
                new V1NetworkPolicyEgressRule
                {
                    To = [new V1NetworkPolicyPeer
                    {
                        NamespaceSelector = Labels(("kubernetes.io/metadata.name", "kube-system")),
                        PodSelector = Labels(("k8s-app", "kube-dns")),
                    }],
                    Ports = [Port(53, "UDP"), Port(53, "TCP")],
                },
            ])),
            new("services.yaml", Policy("services", options, Component(DeploymentConventions.ServiceComponent),
                ingress:
                [
                    Ingress([new V1NetworkPolicyPeer { NamespaceSelector = Labels(("kubernetes.io/metadata.name", options.IngressNamespace)) }], apiPorts),
                    Ingress([ComponentPeer(DeploymentConventions.ServiceComponent)], httpPorts),
                    Ingress([OperatorPeer()], httpPorts),
                ],
                egress:
                [
                    .. servers.Select(server => Egress(Pods((DeploymentConventions.NameLabel, server.Name)), [server.Bindings[0].TargetPort])),
                    Egress(collector, collectorOtlpPorts),
                    Egress(ComponentPeer(DeploymentConventions.ServiceComponent), httpPorts),
                ])),
            new("dashboard.yaml", Policy(DeploymentConventions.DashboardName, options, Labels((DeploymentConventions.NameLabel, DeploymentConventions.DashboardName)),
                ingress:
                [
                    Ingress([collector], [DeploymentConventions.DashboardOtlpGrpcPort]),
                    Ingress([OperatorPeer()], [DeploymentConventions.DashboardFrontendPort]),
                ],
                egress: null, RecommendedLabels.Dashboard(options))),
            // The collector: OTLP from the services, its Prometheus port to the scraper, and out to the dashboard only.
            new("otel-collector.yaml", Policy(CollectorFactory.Name, options, Labels((DeploymentConventions.NameLabel, CollectorFactory.Name)),
                ingress:
                [
                    Ingress([ComponentPeer(DeploymentConventions.ServiceComponent)], collectorOtlpPorts),
                    Ingress([new V1NetworkPolicyPeer { NamespaceSelector = Labels((DeploymentConventions.MetricsScraperLabel, "true")) }], [CollectorFactory.MetricsPort]),
                ],
                egress: [Egress(Pods((DeploymentConventions.NameLabel, DeploymentConventions.DashboardName)), [DeploymentConventions.DashboardOtlpGrpcPort])])),
        };
        // Operator pods in this namespace fall under the default deny too: their way out to what they operate.
        files.Add(new("operators.yaml", Policy("operators", options, Labels((DeploymentConventions.OperatorLabel, "true")), ingress: null, egress:
        [
            Egress(ComponentPeer(DeploymentConventions.ServiceComponent), httpPorts),
            Egress(Pods((DeploymentConventions.NameLabel, DeploymentConventions.DashboardName)), [DeploymentConventions.DashboardFrontendPort]),
            .. servers.Where(s => s.Bindings.Count > 1).Select(server => Egress(Pods((DeploymentConventions.NameLabel, server.Name)),
                server.Bindings.Skip(1).Where(b => !IsMetrics(b)).Select(b => b.TargetPort))),
        ])));
        foreach (var server in servers)
        {
            var rules = new List<V1NetworkPolicyIngressRule> { Ingress([ComponentPeer(DeploymentConventions.ServiceComponent)], [server.Bindings[0].TargetPort]) };
            rules.AddRange(server.Bindings.Skip(1).Select(binding => IsMetrics(binding)
                ? Ingress([new V1NetworkPolicyPeer { NamespaceSelector = Labels((DeploymentConventions.MetricsScraperLabel, "true")) }], [binding.TargetPort])
                : Ingress([OperatorPeer()], [binding.TargetPort])));
            files.Add(new($"{server.Name}.yaml", Policy(server.Name, options, Labels((DeploymentConventions.NameLabel, server.Name)), rules, egress: null, RecommendedLabels.Of(server, options))));
        }
        return new ResourceFolder(FolderName, files);
    }

    static bool IsMetrics(ManifestBinding binding) =>
        binding.Name.Contains("prometheus", StringComparison.OrdinalIgnoreCase) || binding.Name.Contains("metrics", StringComparison.OrdinalIgnoreCase);

    /// <summary>A policy for the pods <paramref name="selector"/> picks; a null rule list leaves that direction to the other policies.</summary>
    static V1NetworkPolicy Policy(string name, GeneratorOptions options, V1LabelSelector selector,
        IList<V1NetworkPolicyIngressRule>? ingress, IList<V1NetworkPolicyEgressRule>? egress, Dictionary<string, string>? labels = null) => new V1NetworkPolicy
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            // The workload's labels for its own policy, the application's for the shared ones.
            Labels = labels ?? RecommendedLabels.Application(options),
        },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = selector,
            PolicyTypes = [.. ingress is null ? Array.Empty<string>() : ["Ingress"], .. egress is null ? Array.Empty<string>() : ["Egress"]],
            Ingress = ingress is { Count: > 0 } ? ingress : null,
            Egress = egress is { Count: > 0 } ? egress : null,
        },
    }.Typed();

    static V1NetworkPolicyIngressRule Ingress(IList<V1NetworkPolicyPeer> from, IEnumerable<int> ports) => new()
    {
        FromProperty = from,
        Ports = ports.Select(p => Port(p, "TCP")).ToList(),
    };

    static V1NetworkPolicyEgressRule Egress(V1NetworkPolicyPeer to, IEnumerable<int> ports) => new()
    {
        To = [to],
        Ports = ports.Select(p => Port(p, "TCP")).ToList(),
    };

    static V1NetworkPolicyPort Port(int port, string protocol) => new() { Port = port, Protocol = protocol };

    static V1NetworkPolicyPeer ComponentPeer(string component) => Pods((DeploymentConventions.ComponentLabel, component));

    static V1NetworkPolicyPeer OperatorPeer() => Pods((DeploymentConventions.OperatorLabel, "true"));

    static V1NetworkPolicyPeer Pods(params (string Key, string Value)[] labels) => new() { PodSelector = Labels(labels) };

    static V1LabelSelector Component(string component) => Labels((DeploymentConventions.ComponentLabel, component));

    static V1LabelSelector Labels(params (string Key, string Value)[] labels) =>
        new() { MatchLabels = labels.ToDictionary(l => l.Key, l => l.Value) };
}
