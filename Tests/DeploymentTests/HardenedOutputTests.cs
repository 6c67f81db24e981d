using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>aspire-manifest/k8s once built: every pod meets Pod Security's <c>restricted</c> level, and each port is on the Service it belongs to.</summary>
public sealed class HardenedOutputTests(KustomizeBuild build) : IClassFixture<KustomizeBuild>
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);

    [Fact]
    public void The_namespace_enforces_the_restricted_pod_security_level()
    {
        var labels = Assert.Single(build.OfKind<V1Namespace>()).Metadata.Labels;
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/warn"]);
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/audit"]);
    }

    /// <summary>What <c>restricted</c> checks, plus what it does not: a read-only root filesystem with scratch space, and no API token.</summary>
    [Fact]
    public void Every_pod_runs_as_a_fixed_non_root_user_without_privileges_token_or_writable_root()
    {
        var pods = Pods().ToList();
        Assert.Equal(Manifest.Resources.Count(r => r.IsWorkload) + 2, pods.Count); // and the dashboard and the collector
        foreach (var (owner, pod) in pods)
        {
            Assert.False(pod.AutomountServiceAccountToken ?? true, $"{owner} mounts a service-account token.");
            Assert.True(pod.SecurityContext?.RunAsNonRoot, $"{owner}: runAsNonRoot");
            Assert.True(pod.SecurityContext?.RunAsUser > 0, $"{owner}: runAsUser");
            Assert.Equal("RuntimeDefault", pod.SecurityContext?.SeccompProfile?.Type);
            Assert.Null(pod.HostNetwork);
            Assert.Null(pod.HostPID);
            foreach (var container in pod.Containers)
            {
                var security = container.SecurityContext;
                Assert.NotNull(security);
                Assert.False(security.AllowPrivilegeEscalation ?? true, $"{owner}: allowPrivilegeEscalation");
                Assert.True(security.ReadOnlyRootFilesystem, $"{owner}: readOnlyRootFilesystem");
                Assert.Equal(["ALL"], security.Capabilities?.Drop);
                Assert.Null(security.Capabilities?.Add);
                Assert.Null(security.Privileged);
                var tmp = Assert.Single(container.VolumeMounts, m => m.MountPath == "/tmp");
                Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);
            }
            Assert.DoesNotContain(pod.Volumes ?? [], v => v.HostPath is not null);
        }
    }

    [Fact]
    public void The_database_server_can_write_its_socket_folder_and_the_servers_own_their_volumes()
    {
        foreach (var statefulSet in build.OfKind<V1StatefulSet>())
        {
            var pod = statefulSet.Spec.Template.Spec;
            Assert.Equal(pod.SecurityContext.RunAsUser, pod.SecurityContext.FsGroup);
        }
        var postgres = Assert.Single(build.OfKind<V1StatefulSet>(), s => s.Name() == "postgres").Spec.Template.Spec;
        var socket = Assert.Single(postgres.Containers.Single().VolumeMounts, m => m.MountPath == "/var/run/postgresql");
        Assert.NotNull(Assert.Single(postgres.Volumes, v => v.Name == socket.Name).EmptyDir);
    }

    [Fact]
    public void Every_statefulset_is_governed_by_a_headless_service_that_selects_it()
    {
        foreach (var statefulSet in build.OfKind<V1StatefulSet>())
        {
            var governing = Assert.Single(build.OfKind<V1Service>(), s => s.Name() == statefulSet.Spec.ServiceName);
            Assert.Equal("None", governing.Spec.ClusterIP);
            Assert.Equal(statefulSet.Spec.Selector.MatchLabels, governing.Spec.Selector);
        }
    }

    /// <summary>
    /// Clients reach the broker's AMQP port through <c>messaging</c> and a service's API through its name; the
    /// broker's management and Prometheus ports and each service's management port have Services of their own.
    /// </summary>
    [Fact]
    public void Management_and_metrics_ports_are_on_services_of_their_own()
    {
        var withManagement = Manifest.Resources.Where(r => r.Bindings.Any(b => b.Name == "management")).ToList();
        Assert.Contains(withManagement, r => r.IsContainer);
        Assert.Equal(Manifest.Resources.Count(r => r.IsProject), withManagement.Count(r => r.IsProject));
        foreach (var resource in withManagement)
        {
            var main = Assert.Single(build.OfKind<V1Service>(), s => s.Name() == resource.Name);
            Assert.Equal([resource.Bindings[0].ServicePort], main.Spec.Ports.Select(p => p.Port));
            foreach (var binding in resource.Bindings.Skip(1))
            {
                var own = Assert.Single(build.OfKind<V1Service>(), s => s.Name() == $"{resource.Name}-{binding.Name}");
                Assert.Equal([binding.ServicePort], own.Spec.Ports.Select(p => p.Port));
            }
        }
    }

    [Fact]
    public void Every_image_names_a_fixed_tag_never_latest()
    {
        foreach (var (owner, pod) in Pods())
        {
            foreach (var image in pod.Containers.Select(c => c.Image))
            {
                var lastSegment = image[(image.LastIndexOf('/') + 1)..];
                Assert.True(lastSegment.Contains(':', StringComparison.Ordinal), $"{owner}: {image} has no tag.");
                Assert.False(lastSegment.EndsWith(":latest", StringComparison.Ordinal), $"{owner}: {image} uses latest.");
            }
        }
    }

    [Fact]
    public void The_generator_takes_the_registry_and_tag_and_refuses_latest()
    {
        var options = GeneratorOptions.Parse(["--registry", "registry.example.com/team/", "--tag", "2.3.4"]);
        var output = KubernetesOutput.Generate(Manifest, options);
        var images = output.Folders.SelectMany(f => f.Files).Select(f => f.Content).OfType<V1Deployment>()
            .SelectMany(d => d.Spec.Template.Spec.Containers).Select(c => c.Image).ToList();
        foreach (var project in Manifest.Resources.Where(r => r.IsProject))
        {
            Assert.Contains($"registry.example.com/team/{project.Name}:2.3.4", images);
        }
        Assert.Throws<ArgumentException>(() => GeneratorOptions.Parse(["--tag", "latest"]));
    }

    IEnumerable<(string Owner, V1PodSpec Pod)> Pods() =>
        build.OfKind<V1Deployment>().Select(d => (d.Name(), d.Spec.Template.Spec))
            .Concat(build.OfKind<V1StatefulSet>().Select(s => (s.Name(), s.Spec.Template.Spec)));
}
