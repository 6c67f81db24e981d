using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using k8s.Models;
using static FoodDelivery.DeploymentTests.NetworkPolicyModel;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The OpenTelemetry Collector of aspire-manifest/k8s: every service's OTLP goes to it, it forwards all three
/// signals to the dashboard with the dashboard's key and serves the metrics on the port its PodMonitor scrapes,
/// and the NetworkPolicies admit exactly those flows.
/// </summary>
public sealed class CollectorTests(KustomizeBuild build) : IClassFixture<KustomizeBuild>
{
    V1Deployment Collector => Assert.Single(build.OfKind<V1Deployment>(), d => d.Name() == CollectorFactory.Name);

    V1Container Container => Assert.Single(Collector.Spec.Template.Spec.Containers);

    JsonObject Configuration
    {
        get
        {
            var mount = Assert.Single(Container.VolumeMounts, m => Container.Args.Single().StartsWith($"--config={m.MountPath}/", StringComparison.Ordinal));
            var volume = Assert.Single(Collector.Spec.Template.Spec.Volumes, v => v.Name == mount.Name);
            var configMap = Assert.Single(build.OfKind<V1ConfigMap>(), c => c.Name() == volume.ConfigMap.Name);
            return (JsonObject)YamlDocuments.Load(configMap.Data[Path.GetFileName(Container.Args.Single())]).Single()!;
        }
    }

    int ContainerPort(string name) => Assert.Single(Container.Ports, p => p.Name == name).ContainerPort;

    static int PortOf(JsonNode? endpoint) => int.Parse(((string)endpoint!)[(((string)endpoint!).LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_collector_runs_a_pinned_core_image_within_limits()
    {
        Assert.Matches(@"^otel/opentelemetry-collector:\d+\.\d+\.\d+$", Container.Image);
        Assert.Equal(1, Collector.Spec.Replicas);
        Assert.NotEmpty(Container.Resources.Limits);
        Assert.NotEmpty(Container.Resources.Requests);
        Assert.NotNull(Container.ReadinessProbe?.HttpGet);
        Assert.NotNull(Container.LivenessProbe?.HttpGet);
    }

    [Fact]
    public void Services_send_otlp_to_the_collector_with_their_pod_as_instance_and_no_dashboard_key()
    {
        var service = Assert.Single(build.OfKind<V1Service>(), s => s.Name() == CollectorFactory.Name);
        var grpc = Assert.Single(service.Spec.Ports, p => p.Port == CollectorFactory.OtlpGrpcPort);
        Assert.Equal(CollectorFactory.OtlpGrpcPort, ContainerPort(grpc.TargetPort.Value));
        var projects = build.OfKind<V1Deployment>().Where(d => d.Spec.Template.Metadata.Labels[DeploymentConventions.ComponentLabel] == DeploymentConventions.ServiceComponent).ToList();
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var container = project.Spec.Template.Spec.Containers.Single();
            var configMap = build.OfKind<V1ConfigMap>().Single(c => c.Name() == container.EnvFrom.Single().ConfigMapRef.Name).Data;
            Assert.Equal($"http://{CollectorFactory.Name}:{CollectorFactory.OtlpGrpcPort}", configMap["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.DoesNotContain(container.Env, e => e.Name == "OTEL_EXPORTER_OTLP_HEADERS");
            Assert.DoesNotContain(container.Env, e => e.ValueFrom?.SecretKeyRef?.Key == DeploymentConventions.DashboardOtlpApiKeyKey);
            var names = container.Env.Select(e => e.Name).ToList();
            var podName = names.IndexOf("POD_NAME");
            Assert.Equal("metadata.name", container.Env[podName].ValueFrom.FieldRef.FieldPath);
            // $(POD_NAME) expands only from a variable defined above it.
            Assert.True(podName < names.IndexOf("OTEL_RESOURCE_ATTRIBUTES"), project.Name());
            Assert.Equal("service.instance.id=$(POD_NAME)", container.Env.Single(e => e.Name == "OTEL_RESOURCE_ATTRIBUTES").Value);
        }
    }

    [Fact]
    public void Every_signal_goes_to_the_dashboard_with_its_key_and_metrics_also_to_prometheus()
    {
        var configuration = Configuration;
        var receivers = configuration["receivers"]!["otlp"]!["protocols"]!;
        Assert.Equal(ContainerPort(CollectorFactory.OtlpGrpcPortName), PortOf(receivers["grpc"]!["endpoint"]));
        Assert.Equal(ContainerPort(CollectorFactory.OtlpHttpPortName), PortOf(receivers["http"]!["endpoint"]));

        var dashboard = configuration["exporters"]!["otlp_grpc/dashboard"]!;
        Assert.Equal($"{DeploymentConventions.DashboardName}:{DeploymentConventions.DashboardOtlpGrpcPort}", (string?)dashboard["endpoint"]);
        var key = (string)dashboard["headers"]!["x-otlp-api-key"]!;
        var variable = Assert.Single(Container.Env, e => key == $"${{env:{e.Name}}}");
        Assert.Equal(DeploymentConventions.DashboardOtlpApiKeyKey, variable.ValueFrom.SecretKeyRef.Key);

        var prometheus = configuration["exporters"]!["prometheus"]!;
        Assert.Equal(ContainerPort(CollectorFactory.MetricsPortName), PortOf(prometheus["endpoint"]));
        Assert.Equal("UnderscoreEscapingWithSuffixes", (string?)prometheus["translation_strategy"]);

        var pipelines = configuration["service"]!["pipelines"]!;
        foreach (var signal in new[] { "traces", "metrics", "logs" })
        {
            Assert.Equal(["otlp"], pipelines[signal]!["receivers"]!.AsArray().Select(r => (string)r!));
            Assert.Contains("otlp_grpc/dashboard", pipelines[signal]!["exporters"]!.AsArray().Select(e => (string)e!));
        }
        Assert.Contains("prometheus", pipelines["metrics"]!["exporters"]!.AsArray().Select(e => (string)e!));

        var health = PortOf(configuration["extensions"]!["health_check"]!["endpoint"]);
        Assert.Equal(health, ContainerPort(Container.ReadinessProbe.HttpGet.Port.Value));
    }

    [Fact]
    public void The_network_policies_admit_services_to_collector_collector_to_dashboard_and_the_scraper_only()
    {
        var ns = Assert.Single(build.OfKind<V1Namespace>()).Name();
        var model = new NetworkPolicyModel(build.OfKind<V1NetworkPolicy>().ToList(), ns);
        var pods = build.OfKind<V1Deployment>().Select(d => (d.Name(), d.Spec.Template.Metadata.Labels))
            .Concat(build.OfKind<V1StatefulSet>().Select(s => (s.Name(), s.Spec.Template.Metadata.Labels)))
            .ToDictionary(p => p.Item1, p => new Pod(ns, p.Item2));
        var collector = pods[CollectorFactory.Name];
        var dashboard = pods[DeploymentConventions.DashboardName];
        var services = build.OfKind<V1Deployment>()
            .Where(d => d.Spec.Template.Metadata.Labels[DeploymentConventions.ComponentLabel] == DeploymentConventions.ServiceComponent)
            .Select(d => pods[d.Name()]).ToList();
        var scraper = new Pod("monitoring", new Dictionary<string, string> { ["app"] = "prometheus" },
            new Dictionary<string, string> { [DeploymentConventions.MetricsScraperLabel] = "true" });
        var stranger = new Pod(ns, new Dictionary<string, string> { ["app"] = "debug" });
        var otlp = new[] { CollectorFactory.OtlpGrpcPort, CollectorFactory.OtlpHttpPort };

        foreach (var service in services)
        {
            Assert.All(otlp, port => Assert.True(model.Allows(service, collector, port)));
            Assert.False(model.Allows(service, dashboard, DeploymentConventions.DashboardOtlpGrpcPort), "services send to the collector only");
            Assert.False(model.Allows(service, collector, CollectorFactory.MetricsPort));
            Assert.False(model.Allows(collector, service, 8080));
        }
        Assert.True(model.Allows(collector, dashboard, DeploymentConventions.DashboardOtlpGrpcPort));
        Assert.False(model.Allows(collector, dashboard, DeploymentConventions.DashboardFrontendPort));
        Assert.False(model.Allows(collector, dashboard, DeploymentConventions.DashboardOtlpHttpPort), "the collector exports over gRPC only");
        Assert.False(model.Allows(collector, pods["postgres"], 5432));
        Assert.False(model.Allows(collector, pods["messaging"], 5672));
        Assert.False(model.Allows(collector, new Pod("elsewhere", new Dictionary<string, string>()), 443));

        Assert.True(model.Allows(scraper, collector, CollectorFactory.MetricsPort));
        Assert.All(otlp, port => Assert.False(model.Allows(scraper, collector, port)));
        Assert.False(model.Allows(new Pod("monitoring", new Dictionary<string, string>()), collector, CollectorFactory.MetricsPort), "an unlabelled namespace may not scrape");
        Assert.All(otlp, port => Assert.False(model.Allows(stranger, collector, port)));
        Assert.False(model.Allows(stranger, dashboard, DeploymentConventions.DashboardOtlpGrpcPort));
    }
}
