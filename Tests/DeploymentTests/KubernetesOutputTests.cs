using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>aspire-manifest/k8s: current with the manifest, buildable by kustomize, and consistent once built.</summary>
public sealed class KubernetesOutputTests(KustomizeBuild build) : IClassFixture<KustomizeBuild>
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);

    [Fact]
    public void The_committed_output_is_what_the_generator_makes_of_the_committed_manifest()
    {
        var regenerated = Directory.CreateTempSubdirectory("fooddelivery-k8s-generated-");
        try
        {
            KubernetesOutput.Generate(Manifest).WriteTo(regenerated.FullName);
            Assert.Equal(Repository.Files(regenerated.FullName), Repository.Files(Repository.KubernetesDirectory));
        }
        finally
        {
            regenerated.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_project_is_a_deployment_with_probes_resources_and_otlp_to_the_collector()
    {
        foreach (var project in Manifest.Resources.Where(r => r.IsProject))
        {
            var container = Assert.Single(Assert.Single(build.OfKind<V1Deployment>(), d => d.Name() == project.Name).Spec.Template.Spec.Containers);
            Assert.Equal("/alive", container.LivenessProbe?.HttpGet?.Path);
            Assert.Equal("/ready", container.ReadinessProbe?.HttpGet?.Path);
            Assert.NotEmpty(container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>());
            Assert.NotEmpty(container.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>());

            var environment = Environment(container);
            Assert.Equal($"http://{CollectorFactory.Name}:{CollectorFactory.OtlpGrpcPort}", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            foreach (var variable in project.Environment.Select(e => e.Key))
            {
                Assert.True(environment.ContainsKey(variable) || container.Env.Any(e => e.Name == variable),
                    $"{project.Name} lacks {variable}, which the AppHost gives it.");
            }
        }
        var collector = Assert.Single(build.OfKind<V1Service>(), s => s.Name() == CollectorFactory.Name);
        Assert.Contains(collector.Spec.Ports, p => p.Port == CollectorFactory.OtlpGrpcPort);
    }

    [Fact]
    public void Every_container_with_volumes_is_a_statefulset_with_a_claim_per_volume()
    {
        foreach (var container in Manifest.Resources.Where(r => r.IsContainer && r.Volumes.Count > 0))
        {
            var statefulSet = Assert.Single(build.OfKind<V1StatefulSet>(), s => s.Name() == container.Name);
            Assert.Equal(container.Volumes.Count, statefulSet.Spec.VolumeClaimTemplates.Count);
            Assert.Equal(
                container.Volumes.Select(v => v.Target).Concat(container.BindMounts.Select(m => m.Target)).Order(),
                statefulSet.Spec.Template.Spec.Containers.Single().VolumeMounts
                    .Where(m => statefulSet.Spec.Template.Spec.Volumes?.Any(v => v.Name == m.Name && (v.EmptyDir ?? (object?)v.Secret) is not null) != true) // scratch space, TLS
                    .Select(m => m.MountPath).Order());
        }
    }

    /// <summary>A pod has no repository to bind from: each bind mount's files come from a ConfigMap, executables executable.</summary>
    [Fact]
    public void Every_bind_mount_is_a_configmap_of_its_files_mounted_read_only_where_the_container_expects_them()
    {
        var configMaps = build.OfKind<V1ConfigMap>().ToDictionary(c => c.Name(), c => c.Data ?? new Dictionary<string, string>());
        foreach (var resource in Manifest.Resources.Where(r => r.IsContainer && r.BindMounts.Count > 0))
        {
            var (_, container, _) = Assert.Single(Workloads(), w => w.Owner == resource.Name);
            var pod = build.OfKind<V1StatefulSet>().Where(s => s.Name() == resource.Name).Select(s => s.Spec.Template.Spec)
                .Concat(build.OfKind<V1Deployment>().Where(d => d.Name() == resource.Name).Select(d => d.Spec.Template.Spec))
                .Single();
            foreach (var bindMount in resource.BindMounts)
            {
                var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == bindMount.Target);
                Assert.True(mount.ReadOnlyProperty);
                var source = Assert.Single(pod.Volumes, v => v.Name == mount.Name).ConfigMap;
                Assert.NotNull(source);
                var folder = Path.GetFullPath(Path.Combine(Repository.ManifestDirectory, bindMount.Source));
                foreach (var file in Directory.EnumerateFiles(folder))
                {
                    var name = Path.GetFileName(file);
                    Assert.Equal(File.ReadAllText(file), configMaps[source.Name][name]);
                    var item = Assert.Single(source.Items, i => i.Key == name);
                    var executable = !OperatingSystem.IsWindows() && File.GetUnixFileMode(file).HasFlag(UnixFileMode.UserExecute);
                    Assert.Equal(executable, item.Mode == 0b111_101_101);
                }
            }
        }
    }

    /// <summary>
    /// Services log into PostgreSQL with their own roles, which nothing in the cluster creates but the server's
    /// init script: it must be told every database, with the password its service's connection string carries.
    /// </summary>
    [Fact]
    public void The_database_server_s_init_script_creates_every_login_the_services_connect_with()
    {
        var server = Assert.Single(Manifest.Resources, r => r.IsContainer && r.Image?.Contains("postgres", StringComparison.Ordinal) == true);
        var environment = server.Environment.ToDictionary(e => e.Key, e => e.Value);
        var created = environment["FD_SERVICE_DATABASES"].Split(' ')
            .Select(entry => entry.Split(':')).ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Contains(server.BindMounts, m => m.Target == "/docker-entrypoint-initdb.d");
        var superuser = new ExpressionResolver(Manifest).Resolve(environment["POSTGRES_USER"]).Literal;

        var databases = Manifest.Resources
            .Where(r => r.Type == ManifestResource.ValueType && r.ConnectionString?.StartsWith($"Host={{{server.Name}.bindings.", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Equal(created.Count, databases.Count);
        foreach (var database in databases)
        {
            var login = database.ConnectionString!.Split(';').Select(part => part.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
            Assert.Equal(login["Username"], created[login["Database"]]);
            Assert.NotEqual(superuser, login["Username"]);
            Assert.Equal(login["Password"], environment[$"FD_PASSWORD_{login["Database"].ToUpperInvariant()}"]);
        }
    }

    [Fact]
    public void Every_secret_and_configmap_reference_finds_its_object_and_key()
    {
        var secrets = build.OfKind<V1Secret>().ToDictionary(s => s.Name(), s => (s.Data ?? new Dictionary<string, byte[]>()).Keys.ToHashSet());
        var configMaps = build.OfKind<V1ConfigMap>().ToDictionary(c => c.Name(), c => (c.Data ?? new Dictionary<string, string>()).Keys.ToHashSet());
        var missing = new List<string>();
        foreach (var (owner, container) in Containers())
        {
            foreach (var variable in container.Env ?? [])
            {
                if (variable.ValueFrom?.SecretKeyRef is { } secret && !(secrets.TryGetValue(secret.Name, out var keys) && keys.Contains(secret.Key)))
                {
                    missing.Add($"{owner}: {variable.Name} -> secret {secret.Name}/{secret.Key}");
                }
                if (variable.ValueFrom?.ConfigMapKeyRef is { } configMap && !(configMaps.TryGetValue(configMap.Name, out var data) && data.Contains(configMap.Key)))
                {
                    missing.Add($"{owner}: {variable.Name} -> configmap {configMap.Name}/{configMap.Key}");
                }
            }
            foreach (var source in container.EnvFrom ?? [])
            {
                if (source.ConfigMapRef is { } configMap && !configMaps.ContainsKey(configMap.Name))
                {
                    missing.Add($"{owner}: envFrom configmap {configMap.Name}");
                }
                if (source.SecretRef is { } secret && !secrets.ContainsKey(secret.Name))
                {
                    missing.Add($"{owner}: envFrom secret {secret.Name}");
                }
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_service_selects_a_workload_and_targets_ports_it_declares()
    {
        var workloads = Workloads().ToList();
        foreach (var service in build.OfKind<V1Service>())
        {
            var selected = workloads.Where(w => service.Spec.Selector.All(label =>
                w.Labels.TryGetValue(label.Key, out var value) && value == label.Value)).ToList();
            Assert.True(selected.Count > 0, $"Service {service.Name()} selects no Deployment or StatefulSet.");
            foreach (var port in service.Spec.Ports)
            {
                Assert.Contains(selected.SelectMany(w => w.Container.Ports), p => p.Name == port.TargetPort.Value);
            }
        }
    }

    [Fact]
    public void No_secret_value_is_in_a_configmap_or_written_into_a_pod_spec()
    {
        var secretData = Assert.Single(build.OfKind<V1Secret>()).Data;
        Assert.Equal(build.SecretValues.Keys.Order(), secretData.Keys.Order());
        foreach (var configMap in build.OfKind<V1ConfigMap>())
        {
            var values = string.Join("\n", (configMap.Data ?? new Dictionary<string, string>()).Values);
            Assert.DoesNotContain(build.SecretValues.Values, values.Contains);
        }
        var withoutSecrets = string.Join("\n---\n", build.Objects.Where(o => o is not V1Secret).Select(k8s.KubernetesYaml.Serialize));
        Assert.DoesNotContain(build.SecretValues.Values, withoutSecrets.Contains);
    }

    [Fact]
    public void Images_and_ports_match_the_manifest()
    {
        foreach (var resource in Manifest.Resources.Where(r => r.IsWorkload))
        {
            var (_, container) = Assert.Single(Containers(), c => c.Owner == resource.Name);
            Assert.Equal(resource.IsProject ? GeneratorOptions.Default.ProjectImage(resource.Name) : resource.Image, container.Image);
            Assert.Equal(resource.Bindings.Select(b => b.TargetPort).Order(), container.Ports.Select(p => p.ContainerPort).Order());
            foreach (var binding in resource.Bindings)
            {
                var service = Assert.Single(build.OfKind<V1Service>(), s => s.Name() == WorkloadFactory.ServiceName(resource, binding));
                Assert.Equal(binding.ServicePort, Assert.Single(service.Spec.Ports).Port);
            }
        }
    }

    [Fact]
    public void Forwarded_headers_count_only_from_the_ingress_ranges_the_generator_is_given_and_from_nobody_without_one()
    {
        static IEnumerable<IDictionary<string, string>> ServiceConfigMaps(KubernetesOutput output) =>
            output.Folders.Where(folder => Manifest.Resources.Any(r => r.IsProject && r.Name == folder.Name))
                .Select(folder => folder.Files.Select(file => file.Content).OfType<V1ConfigMap>().Single().Data);

        var withIngress = KubernetesOutput.Generate(Manifest, GeneratorOptions.Parse(["--ingress-cidr", "10.42.0.0/16", "--ingress-cidr", "fd00:42::/64"]));
        Assert.Equal(Manifest.Resources.Count(r => r.IsProject), ServiceConfigMaps(withIngress).Count());
        Assert.All(ServiceConfigMaps(withIngress), data =>
        {
            Assert.Equal("10.42.0.0/16", data["ForwardedHeaders__KnownNetworks__0"]);
            Assert.Equal("fd00:42::/64", data["ForwardedHeaders__KnownNetworks__1"]);
        });
        // The committed output names no proxy: ServiceDefaults' TrustedProxies then believes nobody's X-Forwarded-For.
        Assert.All(ServiceConfigMaps(KubernetesOutput.Generate(Manifest)),
            data => Assert.DoesNotContain(data.Keys, key => key.StartsWith("ForwardedHeaders__", StringComparison.Ordinal)));
        Assert.Throws<ArgumentException>(() => GeneratorOptions.Parse(["--ingress-cidr", "ingress-nginx"]));
    }

    IEnumerable<(string Owner, V1Container Container, IDictionary<string, string> Labels)> Workloads() =>
        build.OfKind<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers.Select(c => (d.Name(), c, d.Spec.Template.Metadata.Labels)))
            .Concat(build.OfKind<V1StatefulSet>().SelectMany(s => s.Spec.Template.Spec.Containers.Select(c => (s.Name(), c, s.Spec.Template.Metadata.Labels))));

    IEnumerable<(string Owner, V1Container Container)> Containers() => Workloads().Select(w => (w.Owner, w.Container));

    Dictionary<string, string> Environment(V1Container container)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var configMap = build.OfKind<V1ConfigMap>().Single(c => c.Name() == source.ConfigMapRef.Name);
            foreach (var (key, value) in configMap.Data)
            {
                values[key] = value;
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            values[variable.Name] = variable.Value ?? "";
        }
        return values;
    }
}
