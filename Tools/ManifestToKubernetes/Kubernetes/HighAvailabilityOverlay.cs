using System.Text.RegularExpressions;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// <c>overlays/ha</c>: the single-cluster base <c>k8s/</c> for more than one node, on existing operators
/// instead of clustering of our own. The RabbitMQ Cluster Operator runs the broker as a 3-node
/// <c>RabbitmqCluster</c> (quorum queues then replicate to all three), CloudNativePG runs PostgreSQL as a
/// 3-instance <c>Cluster</c> with one synchronous standby, every service runs 2 replicas; PodDisruptionBudgets
/// and topology spread keep a node drain or a lost node from taking a whole tier. The broker starts with the
/// base's own start script and definitions (users, permissions, exchanges, queues), and the service logins
/// come from the base's own init script, so the HA cluster has exactly the base's topology and grants.
/// </summary>
public static partial class HighAvailabilityOverlay
{
    public const string FolderName = "ha";

    public const int BrokerNodes = 3;

    public const int DatabaseInstances = 3;

    public const int ServiceReplicas = 2;

    /// <summary>The base's logins Job (<see cref="DatabaseLoginsJob"/>), which this overlay points at the CNPG primary.</summary>
    public const string ServiceLoginsJob = DatabaseLoginsJob.Name;

    public const string RabbitmqApiVersion = "rabbitmq.com/v1beta1";

    public const string CnpgApiVersion = "postgresql.cnpg.io/v1";

    /// <summary>The namespace the CloudNativePG operator runs in (its manifest's default), which must reach the instances.</summary>
    public const string CnpgOperatorNamespace = "cnpg-system";

    /// <summary>CNPG's read-write Service: always the primary.</summary>
    public static string PrimaryService(string cluster) => $"{cluster}-rw";

    /// <summary>CNPG names the generated superuser Secret so; its keys are <c>username</c> and <c>password</c>.</summary>
    public static string SuperuserSecret(string cluster) => $"{cluster}-superuser";

    public static void WriteTo(AspireManifest manifest, KubernetesOutput output, string directory, string basePath)
    {
        if (Directory.Exists(directory))
        {
            // The operator's own input files (backup-store.env...) stay; everything generated is made again.
            foreach (var stale in Directory.EnumerateFiles(directory).Where(f => Path.GetExtension(f) != ".env"))
            {
                File.Delete(stale);
            }
        }
        Directory.CreateDirectory(directory);
        var broker = manifest.Resources.Single(r => r.IsContainer && r.Environment.Any(e => e.Key == ClusterOverlays.TemplateVariable));
        var database = manifest.Resources.Single(r => r.IsContainer && r.Environment.Any(e => e.Key == DatabaseListVariable));
        var resources = new List<string> { basePath };
        var patches = new List<KustomizePatch>();
        void Add(string fileName, object content)
        {
            Write(directory, fileName, content);
            resources.Add(fileName);
        }

        // The single servers go; the operators' objects take their names, so the services' connection strings
        // (messaging:5671) reach the RabbitmqCluster's Service as they are, and only the database host changes.
        var brokerSet = StatefulSet(output, broker.Name);
        var databaseSet = StatefulSet(output, database.Name);
        patches.Add(Delete("apps/v1", "StatefulSet", broker.Name));
        patches.Add(Delete("v1", "Service", broker.Name));
        patches.Add(Delete("v1", "Service", WorkloadFactory.HeadlessServiceName(broker.Name)));
        patches.Add(Delete("apps/v1", "StatefulSet", database.Name));
        patches.Add(Delete("v1", "Service", database.Name));
        patches.Add(Delete("v1", "Service", WorkloadFactory.HeadlessServiceName(database.Name)));
        // The operators give the pods ServiceAccounts of their own (CNPG's is named after its Cluster, as the base's is).
        patches.Add(Delete("v1", "ServiceAccount", broker.Name));
        patches.Add(Delete("v1", "ServiceAccount", database.Name));

        Add("messaging-cluster.yaml", RabbitmqCluster(output, broker, brokerSet));
        Add("messaging-pdb.yaml", Budget(output, broker.Name, NameSelector(broker.Name), maxUnavailable: 1));
        Add("messaging-cluster-network-policy.yaml", BrokerClusterPolicy(output, broker.Name));
        Add("postgres-cluster.yaml", PostgresCluster(output, database, databaseSet));
        Add("postgres-cluster-network-policy.yaml", DatabaseClusterPolicy(output, database.Name));
        if (TlsSecretOf(database) is { } databaseSecret)
        {
            // The services dial CNPG's Services: the certificate names those instead of the single server's.
            Write(directory, "postgres-certificate.yaml", CustomResource.Create(TransportSecurity.CertManagerApiVersion, "Certificate", databaseSecret, null,
                CustomResource.Map(("dnsNames", new[] { "-rw", "-r", "-ro" }
                    .SelectMany(suffix => TransportSecurity.DnsNames(database.Name + suffix, output.Namespace)).ToList()))));
            patches.Add(new KustomizePatch { Path = "postgres-certificate.yaml" });
        }
        Write(directory, $"{ServiceLoginsJob}-job.yaml", ServiceLogins(database));
        patches.Add(new KustomizePatch { Path = $"{ServiceLoginsJob}-job.yaml" });
        Add("postgres-scheduled-backup.yaml", HighAvailabilityBackups.ScheduledBackup(database.Name, output.LabelsOf(database.Name)));
        Write(directory, "postgres-backup-cronjob.yaml", HighAvailabilityBackups.DumpCronJobPatch(database.Name));
        patches.Add(new KustomizePatch { Path = "postgres-backup-cronjob.yaml" });
        HighAvailabilityBackups.WriteExamples(directory);

        foreach (var service in manifest.Resources.Where(r => r.IsProject))
        {
            var fileName = $"{service.Name}-deployment.yaml";
            Write(directory, fileName, ServicePatch(output, service.Name, database.Name));
            patches.Add(new KustomizePatch { Path = fileName });
            Add($"{service.Name}-pdb.yaml", Budget(output, service.Name, NameSelector(service.Name), maxUnavailable: 1));
        }

        Write(directory, NameReferencesFile, NameReferences());
        Write(directory, "kustomization.yaml", new Kustomization
        {
            Namespace = output.Namespace,
            Resources = resources,
            ConfigMapGenerator = [HighAvailabilityBackups.StoreGenerator(output.LabelsOf(database.Name))],
            SecretGenerator = [HighAvailabilityBackups.CredentialsGenerator(output.LabelsOf(database.Name))],
            Patches = patches,
            Replacements = [.. HighAvailabilityBackups.StoreReplacements(database.Name)],
            Configurations = [NameReferencesFile],
        });
    }

    const string DatabaseListVariable = "FD_SERVICE_DATABASES";
    const string NameReferencesFile = "kustomizeconfig.yaml";
    const string HostLabel = "kubernetes.io/hostname";
    const string ZoneLabel = "topology.kubernetes.io/zone";
    const string CnpgClusterLabel = "cnpg.io/cluster";

    /// <summary>
    /// The broker as a RabbitmqCluster. Its rabbitmq container runs the base's start script (rendered definitions
    /// with the per-service users' password hashes, then the image's own entrypoint) with the base's environment,
    /// through the operator's StatefulSet override; the operator's own configuration files are copied along by
    /// that script. Quorum queues declared while nodes are still joining would keep fewer members, so membership
    /// reconciliation grows every quorum queue to all nodes. Definitions loaded at boot mean RabbitMQ creates no
    /// default user: the operator's generated one stays unused, the administrator is the base's operator user.
    /// </summary>
    static Dictionary<string, object?> RabbitmqCluster(KubernetesOutput output, ManifestResource broker, V1StatefulSet baseSet)
    {
        var baseContainer = baseSet.Spec.Template.Spec.Containers.Single();
        var scratch = PodProfile.Server(broker.Image ?? "").ScratchVolumes().ToList();
        // The base's TLS Secret too: the start script configures the listeners from it as in the base.
        var tls = baseSet.Spec.Template.Spec.Volumes.Where(v => v.Secret is not null).ToList();
        var container = new V1Container
        {
            Name = "rabbitmq", // the operator's container: the override merges into it by name
            Command = baseContainer.Command,
            Args = baseContainer.Args,
            Env = baseContainer.Env,
            EnvFrom = baseContainer.EnvFrom,
            // Its root filesystem is read-only; the script renders under /tmp.
            VolumeMounts = [.. scratch.Select(s => s.Mount), .. baseContainer.VolumeMounts.Where(m => tls.Any(v => v.Name == m.Name))],
        };
        var tlsSecret = tls.Select(v => v.Secret.SecretName).SingleOrDefault();
        var spec = CustomResource.Map(
            ("replicas", BrokerNodes),
            ("image", baseContainer.Image),
            ("resources", baseContainer.Resources),
            ("persistence", CustomResource.Map(("storage", ResourceSizing.VolumeSize().ToString()))),
            // The operator's Service then offers AMQP over TLS only (5671), as the base's broker does.
            ("tls", tlsSecret is null ? null : CustomResource.Map(("secretName", tlsSecret), ("disableNonTLSListeners", true))),
            ("rabbitmq", CustomResource.Map(("additionalConfig", string.Join('\n',
                "quorum_queue.continuous_membership_reconciliation.enabled = true",
                $"quorum_queue.continuous_membership_reconciliation.target_group_size = {BrokerNodes}") + "\n"))),
            ("override", CustomResource.Map(("statefulSet", CustomResource.Map(("spec", CustomResource.Map(("template", CustomResource.Map(("spec", CustomResource.Map(
                ("topologySpreadConstraints", Spread(NameSelector(broker.Name))),
                ("containers", new[] { container }),
                ("volumes", scratch.Select(s => s.Volume).Concat(tls).ToList()))))))))))));
        return CustomResource.Create(RabbitmqApiVersion, "RabbitmqCluster", broker.Name, output.LabelsOf(broker.Name), spec);
    }

    /// <summary>
    /// PostgreSQL as a CNPG Cluster of the base's major version, with one synchronous standby: an outbox row is
    /// committed with its business change, and a failover must not lose either. Instances on distinct nodes
    /// (required anti-affinity), spread over zones where there are any; CNPG makes its own PodDisruptionBudgets.
    /// The pods carry the base's name label, so the base NetworkPolicies (services to 5432) apply to them.
    /// </summary>
    static Dictionary<string, object?> PostgresCluster(KubernetesOutput output, ManifestResource database, V1StatefulSet baseSet)
    {
        var baseContainer = baseSet.Spec.Template.Spec.Containers.Single();
        var spec = CustomResource.Map(
            ("description", "FoodDelivery's service databases (overlays/ha)"),
            ("instances", DatabaseInstances),
            ("imageName", output.Options.InfrastructureImage(CnpgImage(database.Image ?? baseContainer.Image))),
            ("primaryUpdateStrategy", "unsupervised"),
            // The service-logins Job creates roles and databases as the superuser, as the base's init script does.
            ("enableSuperuserAccess", true),
            ("postgresql", CustomResource.Map(
                ("synchronous", CustomResource.Map(("method", "any"), ("number", 1))),
                // Before CNPG's own host rules: a plaintext TCP connection is refused whoever logs in.
                ("pg_hba", new[] { "hostnossl all all all reject" }))),
            // The base's certificate (its Certificate names the CNPG Services too) and the CA the services trust.
            ("certificates", CustomResource.Map(
                ("serverTLSSecret", TlsSecretOf(database)),
                ("serverCASecret", TransportSecurity.CertificateAuthority))),
            ("storage", CustomResource.Map(("size", ResourceSizing.VolumeSize().ToString()))),
            ("resources", baseContainer.Resources),
            ("inheritedMetadata", CustomResource.Map(("labels", output.LabelsOf(database.Name)))),
            ("backup", HighAvailabilityBackups.ClusterBackup()),
            ("affinity", CustomResource.Map(("enablePodAntiAffinity", true), ("podAntiAffinityType", "required"), ("topologyKey", HostLabel))),
            ("topologySpreadConstraints", new[]
            {
                new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = ZoneLabel, WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = Selector((CnpgClusterLabel, database.Name)) },
            }));
        return CustomResource.Create(CnpgApiVersion, "Cluster", database.Name, output.LabelsOf(database.Name), spec);
    }

    static string? TlsSecretOf(ManifestResource server) =>
        server.Environment.FirstOrDefault(e => e.Key == TransportSecurity.ServerSecretVariable).Value;

    /// <summary>
    /// The base's logins Job (<see cref="DatabaseLoginsJob"/>: the base's own init script, renamed with the Secret's hash)
    /// run against the primary as CNPG's superuser. Chosen over <c>managed.roles</c> and <c>Database</c> objects: those
    /// want one basic-auth Secret per login while the passwords live in the one Secret of secrets.env, and cannot say what
    /// the script does beyond creating (REVOKE CONNECT from PUBLIC, schema public owned by the login, objects handed
    /// over); one script for both layouts keeps the grants identical. The base's NetworkPolicies let it reach the
    /// instances, which carry the base server's name label.
    /// </summary>
    static V1Job ServiceLogins(ManifestResource database)
    {
        var superuser = SuperuserSecret(database.Name);
        return new V1Job
        {
            Metadata = new V1ObjectMeta { Name = DatabaseLoginsJob.JobName },
            Spec = new V1JobSpec
            {
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = DatabaseLoginsJob.ContainerName,
                                Env =
                                [
                                    new V1EnvVar { Name = "PGHOST", Value = PrimaryService(database.Name) },
                                    new V1EnvVar { Name = "POSTGRES_USER", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = superuser, Key = "username" } } },
                                    new V1EnvVar { Name = "PGPASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = superuser, Key = "password" } } },
                                ],
                            },
                        ],
                    },
                },
            },
        }.Typed();
    }

    /// <summary>Two replicas, on distinct nodes where there are several, and the database host turned to CNPG's primary Service.</summary>
    static V1Deployment ServicePatch(KubernetesOutput output, string service, string database)
    {
        var baseDeployment = output.Folders.Single(f => f.Name == service).Files.Select(f => f.Content).OfType<V1Deployment>().Single();
        var host = new Regex($"(^|;)Host={Regex.Escape(database)};");
        var baseEnvironment = baseDeployment.Spec.Template.Spec.Containers.Single().Env;
        if (!baseEnvironment.Any(e => e.Value is not null && host.IsMatch(e.Value)))
        {
            throw new InvalidDataException($"{service} has no connection string to {database}.");
        }
        // The whole list, in the base's order: a strategic merge moves the entries it names to the front, and
        // $(VAR) in a value expands only variables defined above it (the password before the connection string).
        var connections = baseEnvironment
            .Select(e => e.Value is not null && host.IsMatch(e.Value) ? new V1EnvVar { Name = e.Name, Value = host.Replace(e.Value, $"$1Host={PrimaryService(database)};") } : e)
            .ToList();
        return new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = service },
            Spec = new V1DeploymentSpec
            {
                Replicas = ServiceReplicas,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        TopologySpreadConstraints = Spread(NameSelector(service)),
                        Containers = [new V1Container { Name = service, Env = connections }],
                    },
                },
            },
        }.Typed();
    }

    /// <summary>Erlang distribution between the broker's nodes (epmd and the inter-node port); clients and scrapers keep the base policy.</summary>
    static V1NetworkPolicy BrokerClusterPolicy(KubernetesOutput output, string broker)
    {
        var nodes = new V1NetworkPolicyPeer { PodSelector = NameSelector(broker) };
        int[] ports = [4369, 25672];
        return Policy(output, $"{broker}-cluster", broker, NameSelector(broker),
            [new V1NetworkPolicyIngressRule { FromProperty = [nodes], Ports = Ports(ports) }],
            [new V1NetworkPolicyEgressRule { To = [nodes], Ports = Ports(ports) }]);
    }

    /// <summary>
    /// What CNPG needs beyond the base's services-to-5432: the operator to every instance (status on 8000, 5432),
    /// instances to each other (replication, status), instances to the Kubernetes API (the instance manager watches
    /// its Cluster; the API server's address differs per cluster, so the rule names its ports only), the logins Job
    /// to 5432, and a metrics scraper to the exporter on 9187.
    /// </summary>
    static V1NetworkPolicy DatabaseClusterPolicy(KubernetesOutput output, string database)
    {
        var instances = new V1NetworkPolicyPeer { PodSelector = Selector((CnpgClusterLabel, database)) };
        var cnpgOperator = new V1NetworkPolicyPeer { NamespaceSelector = Selector(("kubernetes.io/metadata.name", CnpgOperatorNamespace)) };
        var scraper = new V1NetworkPolicyPeer { NamespaceSelector = Selector((DeploymentConventions.MetricsScraperLabel, "true")) };
        var job = new V1NetworkPolicyPeer { PodSelector = NameSelector(ServiceLoginsJob) };
        return Policy(output, $"{database}-cluster", database, Selector((CnpgClusterLabel, database)),
            [
                new V1NetworkPolicyIngressRule { FromProperty = [instances, cnpgOperator], Ports = Ports([5432, 8000]) },
                new V1NetworkPolicyIngressRule { FromProperty = [job], Ports = Ports([5432]) },
                new V1NetworkPolicyIngressRule { FromProperty = [scraper], Ports = Ports([9187]) },
            ],
            [
                new V1NetworkPolicyEgressRule { To = [instances], Ports = Ports([5432, 8000]) },
                new V1NetworkPolicyEgressRule { Ports = Ports([443, 6443]) },
            ]);
    }

    static V1NetworkPolicy Policy(KubernetesOutput output, string name, string owner, V1LabelSelector pods,
        IList<V1NetworkPolicyIngressRule>? ingress, IList<V1NetworkPolicyEgressRule>? egress) => new V1NetworkPolicy
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = output.LabelsOf(owner) },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = pods,
            PolicyTypes = [.. ingress is null ? Array.Empty<string>() : ["Ingress"], .. egress is null ? Array.Empty<string>() : ["Egress"]],
            Ingress = ingress,
            Egress = egress,
        },
    }.Typed();

    static V1PodDisruptionBudget Budget(KubernetesOutput output, string name, V1LabelSelector pods, int maxUnavailable) => new V1PodDisruptionBudget
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = output.LabelsOf(name) },
        Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = maxUnavailable, Selector = pods },
    }.Typed();

    /// <summary>At most one more pod on a node than on another (hard), and across zones where the nodes have them (soft).</summary>
    static List<V1TopologySpreadConstraint> Spread(V1LabelSelector pods) =>
    [
        new() { MaxSkew = 1, TopologyKey = HostLabel, WhenUnsatisfiable = "DoNotSchedule", LabelSelector = pods },
        new() { MaxSkew = 1, TopologyKey = ZoneLabel, WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = pods },
    ];

    /// <summary>
    /// kustomize rewrites references to the generated Secret (its name gets a content hash) in built-in kinds
    /// only; this tells it where the RabbitmqCluster's override names it.
    /// </summary>
    static Dictionary<string, object?> NameReferences() => CustomResource.Map(("nameReference", new[]
    {
        CustomResource.Map(("kind", "Secret"), ("fieldSpecs", new[]
        {
            CustomResource.Map(("kind", "RabbitmqCluster"), ("path", "spec/override/statefulSet/spec/template/spec/containers/env/valueFrom/secretKeyRef/name")),
        })),
        CustomResource.Map(("kind", "ConfigMap"), ("fieldSpecs", new[]
        {
            CustomResource.Map(("kind", "RabbitmqCluster"), ("path", "spec/override/statefulSet/spec/template/spec/containers/envFrom/configMapRef/name")),
        })),
    }));

    /// <summary>CNPG's own image of the base's PostgreSQL version: the operator needs what its images carry (the official image lacks it).</summary>
    static string CnpgImage(string baseImage)
    {
        var version = baseImage[(baseImage.LastIndexOf(':') + 1)..];
        return MajorMinor().IsMatch(version)
            ? $"ghcr.io/cloudnative-pg/postgresql:{version}"
            : throw new InvalidDataException($"The database image {baseImage} has no version tag to pick CNPG's image by.");
    }

    static KustomizePatch Delete(string apiVersion, string kind, string name) => new()
    {
        Patch = $"$patch: delete\napiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: {name}\n",
    };

    static V1StatefulSet StatefulSet(KubernetesOutput output, string name) =>
        output.Folders.Single(f => f.Name == name).Files.Select(f => f.Content).OfType<V1StatefulSet>().Single();

    static V1LabelSelector NameSelector(string name) => Selector((DeploymentConventions.NameLabel, name));

    static V1LabelSelector Selector(params (string Key, string Value)[] labels) => new() { MatchLabels = labels.ToDictionary(l => l.Key, l => l.Value) };

    static List<V1NetworkPolicyPort> Ports(IEnumerable<int> ports) => ports.Select(p => new V1NetworkPolicyPort { Port = p, Protocol = "TCP" }).ToList();

    static void Write(string directory, string fileName, object content) =>
        File.WriteAllText(Path.Combine(directory, fileName), new KubernetesFile(fileName, content).ToYaml());

    [GeneratedRegex(@"^\d+\.\d+$")]
    private static partial Regex MajorMinor();
}
