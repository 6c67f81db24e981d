using System.Reflection;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// <c>k8s/postgres-backup</c>: a nightly CronJob that dumps every service database (<c>pg_dump -Fc</c>, one dated
/// file per database, the newest <see cref="KeptDumps"/> kept) to a PersistentVolumeClaim, as the backup login the
/// database's init script <c>20-backup-login.sh</c> makes (read on each service database, nothing else). It runs the
/// database server's own image (its <c>pg_dump</c> is the server's version) under the server's pod profile, and the
/// script it runs is <see cref="ScriptFileName"/>, mounted from a ConfigMap: the same file docs/restore.md restores
/// with and the system tests run. NetworkPolicies let it reach PostgreSQL's port and nothing else.
/// </summary>
public static class BackupResources
{
    public const string Name = "postgres-backup";

    public const string ScriptFileName = "postgres-backup.sh";

    public const string ScriptConfigMap = "postgres-backup-script";

    public const string VolumeClaim = "postgres-backups";

    public const string Component = "backup";

    /// <summary>The backup login's role (20-backup-login.sh's default).</summary>
    public const string Login = "backup";

    /// <summary>Every night at 02:00 UTC.</summary>
    public const string Schedule = "0 2 * * *";

    public const int KeptDumps = 7;

    public const string BackupDirectory = "/backups";

    const string ScriptDirectory = "/opt/postgres-backup";
    /// <summary>The backup login's password in the database server's environment (the AppHost's ServiceLoginsInitScript).</summary>
    public const string BackupPasswordVariable = "FD_BACKUP_PASSWORD";
    const string DatabaseListVariable = "FD_SERVICE_DATABASES";
    const int PostgresPort = 5432;

    /// <summary>The dump and restore script, as shipped (an embedded copy of Backups/postgres-backup.sh).</summary>
    public static string Script { get; } = ReadScript();

    /// <summary>The folder for the database server <paramref name="database"/> of <paramref name="folders"/>.</summary>
    public static ResourceFolder Create(string database, IReadOnlyList<ResourceFolder> folders, GeneratorOptions options)
    {
        var server = folders.Single(f => f.Name == database).Files.Select(f => f.Content).OfType<V1StatefulSet>().Single();
        var serverContainer = server.Spec.Template.Spec.Containers.Single();
        var password = serverContainer.Env.SingleOrDefault(e => e.Name == BackupPasswordVariable)?.ValueFrom
            ?? throw new InvalidDataException($"{database} has no {BackupPasswordVariable}: the AppHost's init script makes no backup login.");
        var databaseList = serverContainer.EnvFrom.Select(e => e.ConfigMapRef?.Name).OfType<string>().Single();
        return new ResourceFolder(Name,
        [
            new("serviceaccount.yaml", new V1ServiceAccount { Metadata = Metadata(Name, options), AutomountServiceAccountToken = false }.Typed()),
            new("configmap-script.yaml", ScriptMap(options)),
            new("persistentvolumeclaim.yaml", Claim(options)),
            new("cronjob.yaml", CronJob(options, database, serverContainer.Image, password, databaseList)),
            new("network-policy.yaml", BackupPolicy(options, database)),
            new("network-policy-server.yaml", ServerPolicy(options, database)),
        ]);
    }

    static V1ConfigMap ScriptMap(GeneratorOptions options) => new V1ConfigMap
    {
        Metadata = Metadata(ScriptConfigMap, options),
        Data = new Dictionary<string, string> { [ScriptFileName] = Script },
    }.Typed();

    /// <summary>Room for <see cref="KeptDumps"/> nights of compressed dumps of small databases; grow it with a patch.</summary>
    static V1PersistentVolumeClaim Claim(GeneratorOptions options) => new V1PersistentVolumeClaim
    {
        Metadata = Metadata(VolumeClaim, options),
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("5Gi") } },
        },
    }.Typed();

    static V1CronJob CronJob(GeneratorOptions options, string database, string image, V1EnvVarSource password, string databaseList)
    {
        var trust = TransportSecurity.TrustMount();
        var container = new V1Container
        {
            Name = Name,
            Image = image,
            ImagePullPolicy = "IfNotPresent",
            Command = ["bash", $"{ScriptDirectory}/{ScriptFileName}", "dump"],
            Env =
            [
                new V1EnvVar { Name = "PGHOST", Value = database },
                new V1EnvVar { Name = "PGPORT", Value = PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                new V1EnvVar { Name = "PGUSER", Value = Login },
                new V1EnvVar { Name = "PGPASSWORD", ValueFrom = password },
                new V1EnvVar { Name = DatabaseListVariable, ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = databaseList, Key = DatabaseListVariable } } },
                new V1EnvVar { Name = "BACKUP_DIR", Value = BackupDirectory },
                new V1EnvVar { Name = "BACKUP_KEEP", Value = KeptDumps.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                // TLS with the server verified against the cluster's CA, as the services connect.
                .. TransportSecurity.VerifyingPostgresClient(),
            ],
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("64Mi") },
                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("512Mi") },
            },
            VolumeMounts =
            [
                new V1VolumeMount { Name = "backups", MountPath = BackupDirectory },
                new V1VolumeMount { Name = "script", MountPath = ScriptDirectory, ReadOnlyProperty = true },
                trust.Mount,
            ],
        };
        var pod = new V1PodSpec
        {
            ServiceAccountName = Name,
            Containers = [container],
            RestartPolicy = "Never",
            Volumes =
            [
                new V1Volume { Name = "backups", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = VolumeClaim } },
                new V1Volume { Name = "script", ConfigMap = new V1ConfigMapVolumeSource { Name = ScriptConfigMap } },
                trust.Volume,
            ],
        };
        // The server's user (999) and fsGroup, so the claim is writable without root; read-only root filesystem.
        PodProfile.Server(image).Apply(pod);
        return new V1CronJob
        {
            Metadata = Metadata(Name, options),
            Spec = new V1CronJobSpec
            {
                Schedule = Schedule,
                TimeZone = "Etc/UTC",
                // A run still going (a slow disk) is not joined by another writing the same claim.
                ConcurrencyPolicy = "Forbid",
                StartingDeadlineSeconds = 3600,
                SuccessfulJobsHistoryLimit = 3,
                FailedJobsHistoryLimit = 3,
                JobTemplate = new V1JobTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(options) },
                    Spec = new V1JobSpec
                    {
                        BackoffLimit = 2,
                        ActiveDeadlineSeconds = 3 * 3600,
                        Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = Labels(options) }, Spec = pod },
                    },
                },
            },
        }.Typed();
    }

    /// <summary>The backup pods reach PostgreSQL's port and nothing else (DNS comes from the base's allow-dns); nothing reaches them.</summary>
    static V1NetworkPolicy BackupPolicy(GeneratorOptions options, string database) => new V1NetworkPolicy
    {
        Metadata = Metadata(Name, options),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = Selector(Name),
            PolicyTypes = ["Ingress", "Egress"],
            Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = Selector(database) }], Ports = [Port()] }],
        },
    }.Typed();

    /// <summary>PostgreSQL admits the backup pods on its port (NetworkPolicies add up: the services' rule stays).</summary>
    static V1NetworkPolicy ServerPolicy(GeneratorOptions options, string database) => new V1NetworkPolicy
    {
        Metadata = Metadata($"{database}-from-{Name}", options),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = Selector(database),
            PolicyTypes = ["Ingress"],
            Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = Selector(Name) }], Ports = [Port()] }],
        },
    }.Typed();

    static V1NetworkPolicyPort Port() => new() { Port = PostgresPort, Protocol = "TCP" };

    static V1LabelSelector Selector(string name) => new() { MatchLabels = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = name } };

    static V1ObjectMeta Metadata(string name, GeneratorOptions options) => new() { Name = name, Labels = Labels(options) };

    static Dictionary<string, string> Labels(GeneratorOptions options) =>
        RecommendedLabels.Create(Name, Component, options.ImageTag, options.Namespace);

    static string ReadScript()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ScriptFileName)
            ?? throw new InvalidOperationException($"{ScriptFileName} is not embedded in the generator.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
