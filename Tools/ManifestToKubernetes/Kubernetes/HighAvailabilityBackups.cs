using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// Backups of <c>overlays/ha</c>. CloudNativePG archives the WAL continuously and takes a base backup every night
/// (a <c>ScheduledBackup</c>) into an object store the operator names in two files beside the overlay's
/// kustomization: <see cref="StoreFile"/> (where: the destination path and, for a store other than AWS S3, its
/// endpoint) and <see cref="CredentialsFile"/> (the store's access key pair, made into a Secret). Together they
/// allow point-in-time recovery of the whole cluster (docs/restore.md). The base's per-database dumps
/// (<see cref="BackupResources"/>) stay, pointed at the primary over TLS: one database can be restored from them
/// without recovering the cluster.
/// </summary>
public static class HighAvailabilityBackups
{
    public const string ScheduledBackupName = "postgres-nightly";

    /// <summary>CNPG's cron has a seconds field: every night at 01:00 UTC, an hour before the dumps.</summary>
    public const string Schedule = "0 0 1 * * *";

    public const string RetentionPolicy = "30d";

    public const string StoreFile = "backup-store.env";

    public const string CredentialsFile = "backup-store-credentials.env";

    public const string StoreConfigMap = "postgres-backup-store";

    public const string CredentialsSecret = "postgres-backup-store-credentials";

    public const string DestinationPathKey = "DESTINATION_PATH";

    public const string EndpointUrlKey = "ENDPOINT_URL";

    public const string AccessKeyIdKey = "ACCESS_KEY_ID";

    public const string SecretAccessKeyKey = "ACCESS_SECRET_KEY";

    /// <summary>The operator's input files, which regenerating the overlays keeps.</summary>
    public static IReadOnlyList<string> InputFiles { get; } = [StoreFile, CredentialsFile];

    const string ExampleSuffix = ".example";

    /// <summary>The Cluster's <c>spec.backup</c>: WAL and base backups to the object store, kept <see cref="RetentionPolicy"/>.</summary>
    public static Dictionary<string, object?> ClusterBackup() => CustomResource.Map(
        ("retentionPolicy", RetentionPolicy),
        ("barmanObjectStore", CustomResource.Map(
            // Placeholders until kustomize's replacements put the values of backup-store.env here.
            ("destinationPath", $"set-{DestinationPathKey}-in-{StoreFile}"),
            ("endpointURL", $"set-{EndpointUrlKey}-in-{StoreFile}"),
            ("s3Credentials", CustomResource.Map(
                ("accessKeyId", CustomResource.Map(("name", CredentialsSecret), ("key", AccessKeyIdKey))),
                ("secretAccessKey", CustomResource.Map(("name", CredentialsSecret), ("key", SecretAccessKeyKey))))),
            ("wal", CustomResource.Map(("compression", "gzip"))),
            ("data", CustomResource.Map(("compression", "gzip"))))));

    public static Dictionary<string, object?> ScheduledBackup(string database, IDictionary<string, string> labels) =>
        CustomResource.Create(HighAvailabilityOverlay.CnpgApiVersion, "ScheduledBackup", ScheduledBackupName, labels, CustomResource.Map(
            ("schedule", Schedule),
            ("cluster", CustomResource.Map(("name", database))),
            ("method", "barmanObjectStore"),
            // From a standby where there is one: the primary keeps serving the outbox's writes undisturbed.
            ("target", "prefer-standby"),
            // The Backup objects go with the ScheduledBackup; what the store holds is pruned by the retention policy.
            ("backupOwnerReference", "self"),
            ("immediate", true)));

    /// <summary>The base's dump CronJob pointed at CNPG's primary Service, over TLS as the service-logins Job (CNPG serves TLS: the password never travels in clear).</summary>
    public static V1CronJob DumpCronJobPatch(string database) => new V1CronJob
    {
        Metadata = new V1ObjectMeta { Name = BackupResources.Name },
        Spec = new V1CronJobSpec
        {
            JobTemplate = new V1JobTemplateSpec
            {
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
                                    Name = BackupResources.Name,
                                    Env =
                                    [
                                        new V1EnvVar { Name = "PGHOST", Value = HighAvailabilityOverlay.PrimaryService(database) },
                                    ],
                                },
                            ],
                        },
                    },
                },
            },
        },
    }.Typed();

    public static KustomizeConfigMapGenerator StoreGenerator(IDictionary<string, string> labels) =>
        new() { Name = StoreConfigMap, Envs = [StoreFile], Options = new KustomizeGeneratorOptions { Labels = labels } };

    /// <summary>
    /// Without a hash suffix: CNPG reads the Secret at each archive command, so nothing needs rolling on a change, and
    /// a recovery's <c>externalClusters</c> (docs/restore.md) can name it as it is.
    /// </summary>
    public static KustomizeSecretGenerator CredentialsGenerator(IDictionary<string, string> labels) => new()
    {
        Name = CredentialsSecret,
        Envs = [CredentialsFile],
        Options = new KustomizeGeneratorOptions { DisableNameSuffixHash = true, Labels = labels },
    };

    /// <summary>backup-store.env's values into the Cluster's object store.</summary>
    public static IEnumerable<KustomizeReplacement> StoreReplacements(string database) =>
        new[] { (DestinationPathKey, "destinationPath"), (EndpointUrlKey, "endpointURL") }.Select(entry => new KustomizeReplacement
        {
            Source = new KustomizeReplacementSource { Kind = "ConfigMap", Name = StoreConfigMap, FieldPath = $"data.{entry.Item1}" },
            Targets = [new KustomizeReplacementTarget
            {
                Select = new KustomizeSelector { Kind = "Cluster", Name = database },
                FieldPaths = [$"spec.backup.barmanObjectStore.{entry.Item2}"],
            }],
        });

    /// <summary>The two input files' examples; the operator copies each without <c>.example</c> and fills it in.</summary>
    public static void WriteExamples(string directory)
    {
        File.WriteAllText(Path.Combine(directory, StoreFile + ExampleSuffix), $"""
            # Where CloudNativePG keeps the database cluster's backups (WAL archive and nightly base backups). Copy this
            # file to {StoreFile} (ignored by git) beside the kustomization, fill it in, then kubectl apply -k.
            # The bucket and prefix must exist and be this cluster's alone; see docs/restore.md.

            # s3://BUCKET/PREFIX of an S3 or S3-compatible store (for Azure or GCS, patch the Cluster's credentials: docs/kubernetes.md)
            {DestinationPathKey}=
            # The store's S3 endpoint when it is not AWS S3 (MinIO, Ceph...), e.g. https://minio.storage:9000; empty for AWS.
            {EndpointUrlKey}=

            """);
        File.WriteAllText(Path.Combine(directory, CredentialsFile + ExampleSuffix), $"""
            # The object store's credentials, made into the Secret "{CredentialsSecret}". Copy this file to
            # {CredentialsFile} (ignored by git), fill it in, then kubectl apply -k. Give the key write access to the
            # destination path of {StoreFile} and nothing else.

            {AccessKeyIdKey}=
            {SecretAccessKeyKey}=

            """);
    }
}
