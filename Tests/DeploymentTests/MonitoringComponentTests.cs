using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using k8s;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// aspire-manifest/monitoring, the Component made from monitoring/: it builds into the base and into the HA
/// overlay, its PrometheusRule has exactly the rule file's groups, its dashboard ConfigMap carries the Grafana
/// file for the sidecar, and its PodMonitor reaches the broker's metrics port past the NetworkPolicies.
/// </summary>
public sealed class MonitoringComponentTests
{
    static string Sources => Path.Combine(Repository.Root, "monitoring");

    /// <summary>A user's overlay that opts into the component, as docs/kubernetes.md shows (a Component takes the namespace of the kustomization that uses it).</summary>
    static OverlayBuild WithMonitoring(string layout) =>
        new($"with-monitoring/{layout.Replace('/', '-')}", $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: {DeploymentConventions.DefaultNamespace}
            resources: [../../{layout}]
            components: [../../{MonitoringComponent.FolderName}]
            """);

    [Fact]
    public void The_committed_component_is_what_the_generator_makes_of_monitoring()
    {
        var regenerated = Directory.CreateTempSubdirectory("fooddelivery-monitoring-");
        try
        {
            MonitoringComponent.WriteTo(Sources, regenerated.FullName, "messaging", DeploymentConventions.DefaultNamespace);
            Assert.Equal(Repository.Files(regenerated.FullName), Repository.Files(Path.Combine(Repository.ManifestDirectory, MonitoringComponent.FolderName)));
        }
        finally
        {
            regenerated.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("k8s")]
    [InlineData("overlays/ha")]
    public void The_component_builds_into_a_layout_with_the_rule_files_groups_and_the_dashboard(string layout)
    {
        using var build = WithMonitoring(layout);
        var rule = build.CustomResource("PrometheusRule", "fooddelivery-sync-alerts");
        var file = (JsonObject)YamlDocuments.Load(File.ReadAllText(Path.Combine(Sources, "prometheus", "fooddelivery-sync-alerts.yml"))).Single()!;
        Assert.True(JsonNode.DeepEquals(file["groups"], rule["spec"]!["groups"]), "the PrometheusRule's groups are the rule file's");
        Assert.Equal(DeploymentConventions.DefaultNamespace, (string?)rule["metadata"]!["namespace"]);

        var dashboard = build.Objects.OfType<V1ConfigMap>().Single(c => c.Name() == "fooddelivery-sync-dashboard");
        Assert.Equal("1", dashboard.Labels()[MonitoringComponent.DashboardLabel]);
        Assert.Equal(File.ReadAllText(Path.Combine(Sources, "grafana", "fooddelivery-sync.json")), dashboard.Data["fooddelivery-sync.json"]);
    }

    [Theory]
    [InlineData("k8s")]
    [InlineData("overlays/ha")]
    public void The_monitoring_resources_pass_the_prometheus_operator_CRD_schemas(string layout)
    {
        using var build = WithMonitoring(layout);
        var monitoring = build.CustomResources.Where(r => (string?)r["apiVersion"] == MonitoringComponent.MonitoringApiVersion).ToList();
        Assert.Equal(["PodMonitor", "PodMonitor", "PrometheusRule"], monitoring.Select(r => (string)r["kind"]!).Order(StringComparer.Ordinal));
        foreach (var resource in build.CustomResources)
        {
            Assert.Empty(CustomResourceDefinitions.For((string)resource["apiVersion"]!, (string)resource["kind"]!).Validate(resource));
        }
        var rule = monitoring.Single(r => (string?)r["kind"] == "PrometheusRule");
        rule["spec"]!["groups"]![0]!["rules"]![0]!["expression"] = "up == 0";
        Assert.Contains(CustomResourceDefinitions.For(MonitoringComponent.MonitoringApiVersion, "PrometheusRule").Validate(rule),
            e => e.StartsWith("spec.groups[0].rules[0].expression: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pod_monitor_selects_the_broker_pods_and_their_metrics_port_which_a_scraper_namespace_may_reach()
    {
        using var build = WithMonitoring("k8s");
        var monitor = build.CustomResource("PodMonitor", "messaging");
        var selector = monitor["spec"]!["selector"]!["matchLabels"]!.AsObject();
        var broker = build.Objects.OfType<V1StatefulSet>().Single(s => s.Name() == "messaging");
        var podLabels = broker.Spec.Template.Metadata.Labels;
        Assert.All(selector, l => Assert.Equal((string)l.Value!, podLabels[l.Key]));
        var port = broker.Spec.Template.Spec.Containers.Single().Ports.Single(p => p.Name == MonitoringComponent.BrokerMetricsPort);
        Assert.All(monitor["spec"]!["podMetricsEndpoints"]!.AsArray(), e => Assert.Equal(port.Name, (string)e!["port"]!));
        Assert.Contains(monitor["spec"]!["podMetricsEndpoints"]!.AsArray(), e => (string?)e!["path"] == "/metrics/detailed");

        var model = new NetworkPolicyModel(build.Objects.OfType<V1NetworkPolicy>().ToList(), DeploymentConventions.DefaultNamespace);
        var target = new NetworkPolicyModel.Pod(DeploymentConventions.DefaultNamespace, podLabels);
        var scraper = new NetworkPolicyModel.Pod("monitoring", new Dictionary<string, string>(),
            new Dictionary<string, string> { [DeploymentConventions.MetricsScraperLabel] = "true" });
        Assert.True(model.Allows(scraper, target, port.ContainerPort));
        Assert.False(model.Allows(new NetworkPolicyModel.Pod("monitoring", new Dictionary<string, string>()), target, port.ContainerPort),
            "an unlabelled namespace may not scrape");
    }

    [Fact]
    public void The_collector_pod_monitor_scrapes_its_metrics_port_keeping_the_services_job_and_instance()
    {
        using var build = WithMonitoring("k8s");
        var monitor = build.CustomResource("PodMonitor", CollectorFactory.Name);
        var collector = build.Objects.OfType<V1Deployment>().Single(d => d.Name() == CollectorFactory.Name);
        var podLabels = collector.Spec.Template.Metadata.Labels;
        Assert.All(monitor["spec"]!["selector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string)l.Value!, podLabels[l.Key]));
        var endpoint = Assert.Single(monitor["spec"]!["podMetricsEndpoints"]!.AsArray())!;
        var port = collector.Spec.Template.Spec.Containers.Single().Ports.Single(p => p.Name == (string)endpoint["port"]!);
        Assert.Equal(CollectorFactory.MetricsPort, port.ContainerPort);
        Assert.True((bool)endpoint["honorLabels"]!, "without honorLabels the job would be the collector's, not the service's");
    }
}
