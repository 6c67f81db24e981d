using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// <c>aspire-manifest/monitoring</c>: a kustomize Component that ships monitoring/ with the Kubernetes output,
/// for a cluster running the Prometheus Operator and Grafana with its dashboard sidecar. The alert rules of
/// <c>monitoring/prometheus/*.yml</c> as a PrometheusRule (the same groups, read from the file), the dashboard
/// of <c>monitoring/grafana/*.json</c> as a ConfigMap labelled <c>grafana_dashboard: "1"</c>, and a PodMonitor
/// for the broker's rabbitmq_prometheus port: it selects the broker's pods by name and port name, which the
/// base StatefulSet and the HA overlay's RabbitmqCluster pods share, and the base NetworkPolicy admits
/// namespaces labelled <c>fooddelivery.io/metrics-scraper: "true"</c> on it. Add it to either layout with
/// <c>components: [../monitoring]</c> (docs/kubernetes.md). The services' own metrics travel by OTLP to the base layout's
/// OpenTelemetry Collector (<see cref="CollectorFactory"/>); a second PodMonitor scrapes its Prometheus port.
/// </summary>
public static class MonitoringComponent
{
    public const string FolderName = "monitoring";

    public const string MonitoringApiVersion = "monitoring.coreos.com/v1";

    public const string DashboardLabel = "grafana_dashboard";

    /// <summary>The broker's metrics port name: the base StatefulSet's and the cluster operator's pods both use it.</summary>
    public const string BrokerMetricsPort = "prometheus";

    public static void WriteTo(string sources, string directory, string brokerName, string partOf)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        var resources = new List<string>();
        void Add(string fileName, object content)
        {
            File.WriteAllText(Path.Combine(directory, fileName), new KubernetesFile(fileName, content).ToYaml());
            resources.Add(fileName);
        }
        var labels = new Dictionary<string, string> { [DeploymentConventions.PartOfLabel] = partOf };

        foreach (var rules in RuleFiles(sources))
        {
            var name = Path.GetFileNameWithoutExtension(rules);
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(rules)));
            var groups = Plain(((YamlMappingNode)stream.Documents.Single().RootNode).Children[new YamlScalarNode("groups")]);
            Add($"{name}-rule.yaml", CustomResource.Create(MonitoringApiVersion, "PrometheusRule", name, labels, CustomResource.Map(("groups", groups))));
        }
        foreach (var dashboard in Directory.EnumerateFiles(Path.Combine(sources, "grafana"), "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(dashboard);
            Add($"{name}-dashboard.yaml", new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = $"{name}-dashboard", Labels = new Dictionary<string, string>(labels) { [DashboardLabel] = "1" } },
                Data = new Dictionary<string, string> { [Path.GetFileName(dashboard)] = File.ReadAllText(dashboard) },
            }.Typed());
        }
        // The per-queue figures the rules and the dashboard use come from the detailed endpoint; the aggregated one has the rest.
        Add($"{brokerName}-pod-monitor.yaml", CustomResource.Create(MonitoringApiVersion, "PodMonitor", brokerName, labels, CustomResource.Map(
            ("selector", new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = brokerName } }),
            ("podMetricsEndpoints", new[]
            {
                CustomResource.Map(("port", BrokerMetricsPort), ("path", "/metrics")),
                CustomResource.Map(("port", BrokerMetricsPort), ("path", "/metrics/detailed"),
                    ("params", CustomResource.Map(("family", new[] { "queue_coarse_metrics", "queue_consumer_count" })))),
            }))));
        Add($"{CollectorFactory.Name}-pod-monitor.yaml", CollectorPodMonitor(labels));

        var component = Kustomization.Component(resources);
        File.WriteAllText(Path.Combine(directory, "kustomization.yaml"), new KubernetesFile("kustomization.yaml", component).ToYaml());
    }

    /// <summary>The alert rule files of <c>monitoring/prometheus</c>; their promtool unit tests (<c>*.test.yml</c>) stay out.</summary>
    public static IEnumerable<string> RuleFiles(string sources) =>
        Directory.EnumerateFiles(Path.Combine(sources, "prometheus"), "*.yml")
            .Where(f => !f.EndsWith(RuleTestSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public const string RuleTestSuffix = ".test.yml";

    /// <summary>
    /// The services' metrics, from the collector's Prometheus exporter. <c>honorLabels</c> keeps the <c>job</c>
    /// (service name) and <c>instance</c> (pod) the exporter gives each series, which the rules group by, rather
    /// than the collector's own target labels.
    /// </summary>
    static Dictionary<string, object?> CollectorPodMonitor(IDictionary<string, string> labels) =>
        CustomResource.Create(MonitoringApiVersion, "PodMonitor", CollectorFactory.Name, labels, CustomResource.Map(
            ("selector", new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = CollectorFactory.Name } }),
            ("podMetricsEndpoints", new[] { CustomResource.Map(("port", CollectorFactory.MetricsPortName), ("path", "/metrics"), ("honorLabels", true)) })));

    /// <summary>The YAML as maps, lists and strings: every scalar of a rule file is a string to the PrometheusRule schema.</summary>
    static object Plain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => Plain(c.Value), StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(Plain).ToList(),
        YamlScalarNode scalar => scalar.Value ?? "",
        _ => throw new InvalidDataException($"Unsupported YAML node {node.NodeType} in the alert rules."),
    };
}
