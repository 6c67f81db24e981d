using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;
using static FoodDelivery.DeploymentTests.NetworkPolicyModel;

namespace FoodDelivery.DeploymentTests;

/// <summary>The built NetworkPolicies allow exactly the flows the system uses, judged on the pods' own labels.</summary>
public sealed class NetworkPolicyTests : IClassFixture<KustomizeBuild>
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);
    readonly NetworkPolicyModel model;
    readonly Dictionary<string, Pod> pods;
    readonly string ns;

    public NetworkPolicyTests(KustomizeBuild build)
    {
        ns = Assert.Single(build.OfKind<V1Namespace>()).Name();
        model = new NetworkPolicyModel(build.OfKind<V1NetworkPolicy>().ToList(), ns);
        pods = build.OfKind<V1Deployment>().Select(d => (d.Name(), d.Spec.Template.Metadata.Labels))
            .Concat(build.OfKind<V1StatefulSet>().Select(s => (s.Name(), s.Spec.Template.Metadata.Labels)))
            .ToDictionary(p => p.Item1, p => new Pod(ns, p.Item2));
    }

    // The services' management port (/sync/*, /operator/*) as the manifest publishes it.
    static int ManagementPort => Manifest.Resources.Where(r => r.IsProject)
        .Select(r => r.Bindings.Single(b => b.Name == "management").TargetPort).Distinct().Single();

    static IEnumerable<string> Services => Manifest.Resources.Where(r => r.IsProject).Select(r => r.Name);

    Pod Operator => new(ns, new Dictionary<string, string> { [DeploymentConventions.OperatorLabel] = "true" });

    Pod Stranger => new(ns, new Dictionary<string, string> { ["app"] = "debug" });

    static Pod IngressController => new(DeploymentConventions.DefaultIngressNamespace, new Dictionary<string, string> { ["app"] = "controller" });

    static Pod Prometheus => new("monitoring", new Dictionary<string, string> { ["app"] = "prometheus" },
        new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "monitoring", [DeploymentConventions.MetricsScraperLabel] = "true" });

    static Pod Dns => new("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" });

    static Pod Internet => new("elsewhere", new Dictionary<string, string>());

    [Fact]
    public void Services_reach_the_database_the_broker_the_dashboard_each_other_and_dns()
    {
        foreach (var service in Services)
        {
            Assert.True(model.Allows(pods[service], pods["postgres"], 5432), $"{service} -> postgres");
            Assert.True(model.Allows(pods[service], pods["messaging"], 5671), $"{service} -> messaging amqp");
            Assert.True(model.Allows(pods[service], pods[CollectorFactory.Name], CollectorFactory.OtlpGrpcPort), $"{service} -> OTLP");
            Assert.True(model.Allows(pods[service], Dns, 53, "UDP"), $"{service} -> DNS");
            foreach (var other in Services.Where(s => s != service))
            {
                Assert.True(model.Allows(pods[service], pods[other], 8080), $"{service} -> {other}");
                Assert.True(model.Allows(pods[service], pods[other], ManagementPort), $"{service} -> {other} management");
            }
        }
    }

    [Fact]
    public void The_ingress_controller_reaches_the_public_apis_and_nothing_else()
    {
        foreach (var service in Services)
        {
            Assert.True(model.Allows(IngressController, pods[service], 8080), service);
            // The operator endpoints' port stays inside the namespace.
            Assert.False(model.Allows(IngressController, pods[service], ManagementPort), $"{service} management");
        }
        Assert.False(model.Allows(IngressController, pods["postgres"], 5432));
        Assert.False(model.Allows(IngressController, pods["messaging"], 5671));
        Assert.False(model.Allows(IngressController, pods["messaging"], 15672));
        Assert.False(model.Allows(IngressController, pods[DeploymentConventions.DashboardName], DeploymentConventions.DashboardFrontendPort));
    }

    [Fact]
    public void Operators_reach_sync_endpoints_management_and_dashboard_and_prometheus_only_metrics()
    {
        Assert.True(model.Allows(Operator, pods["messaging"], 15672));
        Assert.True(model.Allows(Operator, pods[DeploymentConventions.DashboardName], DeploymentConventions.DashboardFrontendPort));
        Assert.All(Services, s => Assert.True(model.Allows(Operator, pods[s], 8080)));
        Assert.All(Services, s => Assert.True(model.Allows(Operator, pods[s], ManagementPort)));
        Assert.True(model.Allows(Prometheus, pods["messaging"], 15692));
        Assert.False(model.Allows(Prometheus, pods["messaging"], 5671));
        Assert.False(model.Allows(Prometheus, pods["messaging"], 15672));
    }

    [Fact]
    public void Nothing_else_reaches_the_servers_and_nothing_leaves_for_elsewhere()
    {
        foreach (var service in Services)
        {
            Assert.False(model.Allows(pods[service], pods["messaging"], 15672), $"{service} -> management");
            Assert.False(model.Allows(pods[service], pods["messaging"], 15692), $"{service} -> metrics");
            Assert.False(model.Allows(pods[service], Internet, 443), $"{service} -> elsewhere");
        }
        Assert.False(model.Allows(Stranger, pods["postgres"], 5432));
        Assert.False(model.Allows(Stranger, pods["messaging"], 5671));
        Assert.False(model.Allows(Stranger, pods["accounts"], 8080));
        Assert.False(model.Allows(Stranger, pods["accounts"], ManagementPort));
        Assert.False(model.Allows(pods[DeploymentConventions.DashboardName], pods["postgres"], 5432));
        Assert.False(model.Allows(pods["messaging"], pods["postgres"], 5432));
        Assert.False(model.Allows(pods["postgres"], pods["messaging"], 5671));
        Assert.False(model.Allows(pods["postgres"], Internet, 443));
        Assert.False(model.Allows(Internet, pods["postgres"], 5432));
    }
}
