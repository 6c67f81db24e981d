using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// What a platform team checks first, on every workload of every layout (base, HA, both cluster overlays): the
/// recommended labels on every object and pod template with selectors on the name only, a ServiceAccount of its own
/// per workload without a token, service containers that drain before they stop, and a federation load balancer
/// that hands the broker the peer's own address.
/// </summary>
public sealed class PlatformConventionsTests(LayoutBuilds builds) : IClassFixture<LayoutBuilds>
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Every_object_and_pod_template_carries_the_recommended_labels(string layout)
    {
        var build = builds[layout];
        var missing = new List<string>();
        void Check(string what, IDictionary<string, string>? labels)
        {
            var absent = RecommendedLabels.Keys.Where(key => labels is null || !labels.TryGetValue(key, out var value) || string.IsNullOrEmpty(value)).ToList();
            if (absent.Count > 0)
            {
                missing.Add($"{what}: {string.Join(", ", absent)}");
            }
        }
        foreach (var item in build.Objects)
        {
            var metadata = ((IMetadata<V1ObjectMeta>)item).Metadata;
            Check($"{((IKubernetesObject)item).Kind} {metadata.Name}", metadata.Labels);
        }
        foreach (var resource in build.CustomResources)
        {
            Check($"{resource["kind"]} {resource["metadata"]!["name"]}", Labels(resource["metadata"]!["labels"]));
        }
        foreach (var (owner, template) in PodTemplates(build))
        {
            Check($"{owner}'s pod template", template.Metadata?.Labels);
        }
        // CNPG labels its instances with inheritedMetadata; the RabbitMQ operator copies the RabbitmqCluster's labels to its pods.
        foreach (var cluster in build.CustomResources.Where(r => (string?)r["kind"] == "Cluster"))
        {
            Check($"{cluster["metadata"]!["name"]}'s instances", Labels(cluster["spec"]!["inheritedMetadata"]?["labels"]));
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));

        // Each workload's pods carry its name, version and component; the name is what selects them.
        foreach (var (owner, template) in PodTemplates(build).Where(t => t.Owner.StartsWith("Deployment ", StringComparison.Ordinal) || t.Owner.StartsWith("StatefulSet ", StringComparison.Ordinal)))
        {
            Assert.Equal(owner.Split(' ')[1], template.Metadata.Labels[DeploymentConventions.NameLabel]);
        }
        foreach (var deployment in build.Objects.OfType<V1Deployment>().Where(d => Manifest.ByName.GetValueOrDefault(d.Name())?.IsProject == true))
        {
            Assert.Equal(DeploymentConventions.DefaultImageTag, deployment.Spec.Template.Metadata.Labels[RecommendedLabels.VersionLabel]);
            Assert.Equal(DeploymentConventions.ServiceComponent, deployment.Spec.Template.Metadata.Labels[DeploymentConventions.ComponentLabel]);
        }
    }

    /// <summary>A Deployment's selector cannot change after creation: a version or instance in it would turn every upgrade into a re-create.</summary>
    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Selectors_match_on_the_name_alone_never_on_version_or_instance(string layout)
    {
        var build = builds[layout];
        var selectors = build.Objects.OfType<V1Deployment>().Select(d => ($"Deployment {d.Name()}", d.Spec.Selector.MatchLabels))
            .Concat(build.Objects.OfType<V1StatefulSet>().Select(s => ($"StatefulSet {s.Name()}", s.Spec.Selector.MatchLabels)))
            .Concat(build.Objects.OfType<V1Service>().Select(s => ($"Service {s.Name()}", s.Spec.Selector)))
            .Concat(build.Objects.OfType<V1PodDisruptionBudget>().Select(b => ($"PodDisruptionBudget {b.Name()}", b.Spec.Selector.MatchLabels)))
            .ToList();
        Assert.NotEmpty(selectors);
        foreach (var (what, labels) in selectors)
        {
            Assert.True(labels is not null && labels.Keys.SequenceEqual([DeploymentConventions.NameLabel]), $"{what} selects on {string.Join(", ", labels?.Keys ?? [])}");
        }
        var policySelectors = build.Objects.OfType<V1NetworkPolicy>().SelectMany(p => new[] { p.Spec.PodSelector }
            .Concat((p.Spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? []).Select(peer => peer.PodSelector))
            .Concat((p.Spec.Egress ?? []).SelectMany(r => r.To ?? []).Select(peer => peer.PodSelector)));
        Assert.DoesNotContain(policySelectors.SelectMany(s => s?.MatchLabels?.Keys ?? []),
            key => key is RecommendedLabels.VersionLabel or RecommendedLabels.InstanceLabel);
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Every_workload_runs_as_a_service_account_of_its_own_without_a_token(string layout)
    {
        var build = builds[layout];
        var accounts = build.Objects.OfType<V1ServiceAccount>().ToDictionary(a => a.Name());
        var templates = PodTemplates(build).ToList();
        Assert.Contains(templates, t => t.Owner.StartsWith("Job ", StringComparison.Ordinal));
        foreach (var (owner, template) in templates)
        {
            var pod = template.Spec;
            Assert.False(pod.AutomountServiceAccountToken ?? true, $"{owner} mounts a token.");
            Assert.False(string.IsNullOrEmpty(pod.ServiceAccountName) || pod.ServiceAccountName == "default", $"{owner} runs as the namespace's default ServiceAccount.");
            Assert.True(accounts.TryGetValue(pod.ServiceAccountName, out var account), $"{owner} names ServiceAccount {pod.ServiceAccountName}, which is not there.");
            Assert.False(account.AutomountServiceAccountToken ?? true, $"ServiceAccount {account.Name()} hands out tokens.");
        }
        var used = templates.Select(t => t.Template.Spec.ServiceAccountName).ToList();
        Assert.Equal(used.Distinct().Count(), used.Count); // one per workload
        Assert.Equal(used.Order(), accounts.Keys.Order()); // and none left over (the operators bring their pods' own)
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Every_service_container_keeps_serving_until_its_endpoints_are_gone(string layout)
    {
        var build = builds[layout];
        var services = build.Objects.OfType<V1Deployment>()
            .Where(d => d.Spec.Template.Metadata.Labels[DeploymentConventions.ComponentLabel] == DeploymentConventions.ServiceComponent)
            .ToList();
        Assert.Equal(Manifest.Resources.Count(r => r.IsProject), services.Count);
        foreach (var service in services)
        {
            var pod = service.Spec.Template.Spec;
            var preStop = pod.Containers.Single().Lifecycle?.PreStop;
            Assert.True(preStop?.Sleep?.Seconds >= 3, $"{service.Name()} stops without draining.");
            Assert.Null(preStop.Exec); // the images have no shell to exec
            // Past the drain and .NET's 30 s for requests in flight, or SIGKILL cuts them off.
            Assert.True(pod.TerminationGracePeriodSeconds > preStop.Sleep.Seconds + RollingUpdateDrain.HostShutdownSeconds,
                $"{service.Name()}: grace period {pod.TerminationGracePeriodSeconds} s");
        }
    }

    /// <summary>
    /// With the default <c>Cluster</c> policy a node may forward the peer's connection to a broker pod on another node,
    /// masquerading it as the node's own: the NetworkPolicy, which admits the peer's addresses, would refuse it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void A_load_balancer_hands_the_broker_the_client_s_own_address(string layout)
    {
        var build = builds[layout];
        var balanced = build.Objects.OfType<V1Service>().Where(s => s.Spec.Type == "LoadBalancer").ToList();
        if (Layouts.Clusters.Contains(layout))
        {
            var federation = Assert.Single(balanced);
            var policy = Assert.Single(build.Objects.OfType<V1NetworkPolicy>(), p => p.Name() == federation.Name());
            Assert.Equal(federation.Spec.LoadBalancerSourceRanges, policy.Spec.Ingress.Single().FromProperty.Select(peer => peer.IpBlock.Cidr));
        }
        Assert.All(balanced, service => Assert.Equal("Local", service.Spec.ExternalTrafficPolicy));
    }

    /// <summary>Each Deployment's, StatefulSet's, Job's and CronJob's pod template, by "Kind name" (a Job by its name label: its name is the Secret's).</summary>
    internal static IEnumerable<(string Owner, V1PodTemplateSpec Template)> PodTemplates(OverlayBuild build) =>
        build.Objects.OfType<V1Deployment>().Select(d => ($"Deployment {d.Name()}", d.Spec.Template))
            .Concat(build.Objects.OfType<V1StatefulSet>().Select(s => ($"StatefulSet {s.Name()}", s.Spec.Template)))
            .Concat(build.Objects.OfType<V1Job>().Select(j => ($"Job {(j.Spec.Template.Metadata?.Labels is { } labels && labels.TryGetValue(DeploymentConventions.NameLabel, out var name) ? name : j.Name())}", j.Spec.Template)))
            .Concat(build.Objects.OfType<V1CronJob>().Select(c => ($"CronJob {c.Name()}", c.Spec.JobTemplate.Spec.Template)));

    static Dictionary<string, string>? Labels(JsonNode? labels) =>
        labels?.AsObject().ToDictionary(l => l.Key, l => (string?)l.Value ?? "");
}
