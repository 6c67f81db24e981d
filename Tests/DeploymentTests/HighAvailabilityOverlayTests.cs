using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// aspire-manifest/overlays/ha built by <c>kubectl kustomize</c>: the single broker and database replaced by
/// the operators' clusters with the base's own definitions and logins, services at 2+ replicas behind
/// PodDisruptionBudgets and spread over nodes, connection strings on the operators' Services.
/// </summary>
public sealed partial class HighAvailabilityOverlayTests : IClassFixture<HighAvailabilityOverlayTests.Builds>
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);
    static readonly string[] Services = Manifest.Resources.Where(r => r.IsProject).Select(r => r.Name).ToArray();
    readonly OverlayBuild ha;
    readonly OverlayBuild single;

    public HighAvailabilityOverlayTests(Builds builds) => (ha, single) = (builds.HighAvailability, builds.Base);

    /// <summary>The HA overlay and the base it replaces servers of, built once for the class.</summary>
    public sealed class Builds : IDisposable
    {
        public OverlayBuild HighAvailability { get; } = new($"overlays/{HighAvailabilityOverlay.FolderName}");

        public OverlayBuild Base { get; } = new("k8s");

        public void Dispose()
        {
            HighAvailability.Dispose();
            Base.Dispose();
        }
    }

    [Fact]
    public void The_committed_overlay_is_what_the_generator_makes_of_the_committed_manifest()
    {
        var regenerated = Directory.CreateTempSubdirectory("fooddelivery-ha-");
        try
        {
            HighAvailabilityOverlay.WriteTo(Manifest, KubernetesOutput.Generate(Manifest), regenerated.FullName, "../../k8s");
            Assert.Equal(Repository.Files(regenerated.FullName),
                Repository.Files(Path.Combine(Repository.OverlaysDirectory, HighAvailabilityOverlay.FolderName)));
        }
        finally
        {
            regenerated.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_custom_resource_of_the_overlay_passes_its_CRD_schema()
    {
        // The base's certificates come along (TransportSecurityTests), the postgres one naming CNPG's Services.
        Assert.Equal(["Certificate", "Certificate", "Certificate", "Cluster", "Issuer", "Issuer", "RabbitmqCluster", "ScheduledBackup"],
            ha.CustomResources.Select(r => (string)r["kind"]!).Order(StringComparer.Ordinal));
        foreach (var resource in ha.CustomResources)
        {
            var schema = CustomResourceDefinitions.For((string)resource["apiVersion"]!, (string)resource["kind"]!);
            Assert.Empty(schema.Validate(resource));
        }
    }

    [Fact]
    public void The_broker_is_a_three_node_RabbitmqCluster_that_starts_with_the_base_script_and_definitions()
    {
        Assert.DoesNotContain(ha.Objects.OfType<V1StatefulSet>(), s => s.Name() == "messaging");
        // The operator makes the client Service "messaging" (and "messaging-nodes"): the base's must be gone.
        Assert.DoesNotContain(ha.Objects.OfType<V1Service>(), s => s.Name() is "messaging" or "messaging-headless");
        var cluster = ha.CustomResource("RabbitmqCluster", "messaging");
        Assert.Equal(HighAvailabilityOverlay.RabbitmqApiVersion, (string)cluster["apiVersion"]!);
        Assert.Equal(3, (int)cluster["spec"]!["replicas"]!);

        var baseBroker = single.Objects.OfType<V1StatefulSet>().Single(s => s.Name() == "messaging").Spec.Template.Spec.Containers.Single();
        var container = cluster["spec"]!["override"]!["statefulSet"]!["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;
        Assert.Equal("rabbitmq", (string)container["name"]!); // the operator's container, which the override merges into
        Assert.Equal(baseBroker.Image, (string)cluster["spec"]!["image"]!);
        Assert.Equal(baseBroker.Command, container["command"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(baseBroker.Args, container["args"]!.AsArray().Select(c => (string)c!));
        var secret = Assert.Single(ha.Objects.OfType<V1Secret>(), s => s.Name().StartsWith(DeploymentConventions.SecretName, StringComparison.Ordinal));
        var environment = container["env"]!.AsArray();
        Assert.Equal(baseBroker.Env.Select(e => (e.Name, e.ValueFrom?.SecretKeyRef?.Key)),
            environment.Select(e => ((string)e!["name"]!, (string?)e["valueFrom"]?["secretKeyRef"]?["key"])));
        // kustomize renamed the generated Secret (content hash) inside the custom resource too.
        Assert.All(environment, e => Assert.Equal(secret.Name(), (string?)e!["valueFrom"]?["secretKeyRef"]?["name"]));
        Assert.Equal("messaging-env", (string)container["envFrom"]![0]!["configMapRef"]!["name"]!);
        Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/tmp");

        // The same definitions as the base, hence the same users, permissions, exchanges and quorum queues.
        Assert.Equal(ConfigMap(single, "messaging-env"), ConfigMap(ha, "messaging-env"));
        var config = (string)cluster["spec"]!["rabbitmq"]!["additionalConfig"]!;
        Assert.Contains("quorum_queue.continuous_membership_reconciliation.enabled = true", config, StringComparison.Ordinal);
        Assert.Contains("quorum_queue.continuous_membership_reconciliation.target_group_size = 3", config, StringComparison.Ordinal);
    }

    [Fact]
    public void The_broker_management_and_metrics_Services_reach_the_operator_pods_by_their_port_names()
    {
        // The cluster operator labels its pods app.kubernetes.io/name=<cluster> and names their ports
        // "management" and "prometheus" (internal/resource/statefulset.go of the pinned release).
        foreach (var (service, port) in new[] { ("messaging-management", "management"), ("messaging-prometheus", "prometheus") })
        {
            var found = ha.Objects.OfType<V1Service>().Single(s => s.Name() == service);
            Assert.Equal("messaging", found.Spec.Selector[DeploymentConventions.NameLabel]);
            Assert.Equal(port, Assert.Single(found.Spec.Ports).TargetPort.Value);
        }
    }

    [Fact]
    public void The_database_is_a_three_instance_CNPG_Cluster_with_a_synchronous_standby()
    {
        Assert.DoesNotContain(ha.Objects.OfType<V1StatefulSet>(), s => s.Name() == "postgres");
        Assert.DoesNotContain(ha.Objects.OfType<V1Service>(), s => s.Name() is "postgres" or "postgres-headless");
        var cluster = ha.CustomResource("Cluster", "postgres");
        Assert.Equal(HighAvailabilityOverlay.CnpgApiVersion, (string)cluster["apiVersion"]!);
        var spec = cluster["spec"]!;
        Assert.Equal(3, (int)spec["instances"]!);
        Assert.Equal(1, (int)spec["postgresql"]!["synchronous"]!["number"]!);
        Assert.Equal("required", (string)spec["affinity"]!["podAntiAffinityType"]!);
        // The base's major version, in CNPG's own image.
        var baseImage = single.Objects.OfType<V1StatefulSet>().Single(s => s.Name() == "postgres").Spec.Template.Spec.Containers.Single().Image;
        Assert.Equal($"ghcr.io/cloudnative-pg/postgresql:{baseImage[(baseImage.LastIndexOf(':') + 1)..]}", (string)spec["imageName"]!);
        // The base's NetworkPolicies select the database by name: the instances carry it.
        Assert.Equal("postgres", (string)spec["inheritedMetadata"]!["labels"]![DeploymentConventions.NameLabel]!);
    }

    [Fact]
    public void Every_service_connects_to_the_CNPG_primary_with_its_password_defined_before_its_connection_string()
    {
        foreach (var service in Services)
        {
            var environment = Deployment(service).Spec.Template.Spec.Containers.Single().Env;
            var database = Assert.Single(environment, e => e.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && e.Value?.Contains("Host=", StringComparison.Ordinal) == true);
            Assert.Contains($"Host={HighAvailabilityOverlay.PrimaryService("postgres")};", database.Value, StringComparison.Ordinal);
            Assert.Contains(environment, e => e.Name == "ConnectionStrings__messaging" && e.Value.Contains("@messaging:5671", StringComparison.Ordinal));
            // Kubernetes expands $(VAR) only from variables listed above: a patch that reordered them would break the password.
            for (var i = 0; i < environment.Count; i++)
            {
                foreach (Match reference in Reference().Matches(environment[i].Value ?? ""))
                {
                    Assert.Contains(environment.Take(i), e => e.Name == reference.Groups[1].Value);
                }
            }
            // Everything else as in the base.
            var baseEnvironment = single.Objects.OfType<V1Deployment>().Single(d => d.Name() == service).Spec.Template.Spec.Containers.Single().Env;
            Assert.Equal(baseEnvironment.Select(e => e.Name), environment.Select(e => e.Name));
        }
    }

    [Fact]
    public void The_base_init_script_makes_the_service_logins_on_the_primary_as_CNPG_superuser()
    {
        var job = Assert.Single(ha.Objects.OfType<V1Job>());
        Assert.Equal(HighAvailabilityOverlay.ServiceLoginsJob, job.Metadata.Labels[DeploymentConventions.NameLabel]); // named after the Secret (DatabaseLoginsJobTests)
        var pod = job.Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.Equal("postgres-rw", container.Env.Single(e => e.Name == "PGHOST").Value);
        Assert.Equal(HighAvailabilityOverlay.SuperuserSecret("postgres"), container.Env.Single(e => e.Name == "PGPASSWORD").ValueFrom.SecretKeyRef.Name);
        var scripts = pod.Volumes.Single(v => v.ConfigMap is not null);
        Assert.Equal("postgres-initdb", scripts.ConfigMap.Name);
        Assert.Equal("/docker-entrypoint-initdb.d", container.VolumeMounts.Single(m => m.Name == scripts.Name).MountPath);
        var basePostgres = single.Objects.OfType<V1StatefulSet>().Single(s => s.Name() == "postgres").Spec.Template.Spec.Containers.Single();
        Assert.Equal(basePostgres.Env.Where(e => e.Name.StartsWith("FD_PASSWORD_", StringComparison.Ordinal)).Select(e => (e.Name, e.ValueFrom.SecretKeyRef.Key)),
            container.Env.Where(e => e.Name.StartsWith("FD_PASSWORD_", StringComparison.Ordinal)).Select(e => (e.Name, e.ValueFrom.SecretKeyRef.Key)));
        Assert.Equal("postgres-env", container.EnvFrom.Single().ConfigMapRef.Name); // FD_SERVICE_DATABASES
        Assert.Equal("OnFailure", pod.RestartPolicy);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
    }

    [Fact]
    public void Services_run_two_replicas_spread_over_nodes_behind_disruption_budgets()
    {
        var budgets = ha.Objects.OfType<V1PodDisruptionBudget>().ToList();
        foreach (var service in Services.Append("messaging"))
        {
            var budget = Assert.Single(budgets, b => b.Spec.Selector.MatchLabels[DeploymentConventions.NameLabel] == service);
            Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
        }
        foreach (var service in Services)
        {
            var spec = Deployment(service).Spec;
            Assert.True(spec.Replicas >= 2, $"{service} runs {spec.Replicas} replicas");
            var hard = Assert.Single(spec.Template.Spec.TopologySpreadConstraints, c => c.WhenUnsatisfiable == "DoNotSchedule");
            Assert.Equal("kubernetes.io/hostname", hard.TopologyKey);
            Assert.Equal(service, hard.LabelSelector.MatchLabels[DeploymentConventions.NameLabel]);
        }
        var broker = ha.CustomResource("RabbitmqCluster", "messaging")["spec"]!["override"]!["statefulSet"]!["spec"]!["template"]!["spec"]!;
        Assert.Contains(broker["topologySpreadConstraints"]!.AsArray(), c => (string?)c!["topologyKey"] == "kubernetes.io/hostname" && (string?)c["whenUnsatisfiable"] == "DoNotSchedule");
    }

    [Fact]
    public void NetworkPolicies_let_the_clusters_replicate_and_the_CNPG_operator_reach_its_instances()
    {
        var model = new NetworkPolicyModel(ha.Objects.OfType<V1NetworkPolicy>().ToList(), DeploymentConventions.DefaultNamespace);
        var brokerNode = Labels(("app.kubernetes.io/name", "messaging"), ("app.kubernetes.io/component", "rabbitmq"));
        var instance = Labels(("cnpg.io/cluster", "postgres"), ("app.kubernetes.io/name", "postgres"));
        var service = Labels(("app.kubernetes.io/name", "orders"), ("app.kubernetes.io/component", "service"));
        var job = Labels(("app.kubernetes.io/name", HighAvailabilityOverlay.ServiceLoginsJob));
        foreach (var port in new[] { 4369, 25672 })
        {
            Assert.True(model.Allows(brokerNode, brokerNode, port), $"broker nodes to each other on {port}");
        }
        Assert.True(model.Allows(service, brokerNode, 5671));
        Assert.True(model.Allows(service, instance, 5432));
        Assert.True(model.Allows(instance, instance, 5432), "replication");
        Assert.True(model.Allows(job, instance, 5432), "the logins Job");
        Assert.False(model.Allows(service, instance, 8000), "services stay off the instance manager");
        Assert.False(model.Allows(job, brokerNode, 5671), "the Job reaches the database only");
        var cnpgOperator = new NetworkPolicyModel.Pod(HighAvailabilityOverlay.CnpgOperatorNamespace, new Dictionary<string, string> { ["app.kubernetes.io/name"] = "cloudnative-pg" });
        Assert.True(model.Allows(cnpgOperator, instance, 8000), "the CNPG operator to the instance manager");
        var apiServer = new NetworkPolicyModel.Pod("default", new Dictionary<string, string> { ["component"] = "apiserver" });
        Assert.True(model.Allows(instance, apiServer, 443), "the instance manager to the Kubernetes API");
    }

    static NetworkPolicyModel.Pod Labels(params (string Key, string Value)[] labels) =>
        new(DeploymentConventions.DefaultNamespace, labels.ToDictionary(l => l.Key, l => l.Value));

    V1Deployment Deployment(string name) => ha.Objects.OfType<V1Deployment>().Single(d => d.Name() == name);

    static IDictionary<string, string> ConfigMap(OverlayBuild build, string name) => build.Objects.OfType<V1ConfigMap>().Single(c => c.Name() == name).Data;

    [GeneratedRegex(@"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
