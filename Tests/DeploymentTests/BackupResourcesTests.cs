using System.Text;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// Backups in each layout, built by <c>kubectl kustomize</c>: the base's nightly dump CronJob (the shipped script,
/// the backup login, a claim, non-root, PostgreSQL only), and in the HA overlay CloudNativePG's object store and
/// ScheduledBackup from the operator's input files, with the dumps pointed at the primary.
/// </summary>
public sealed class BackupResourcesTests(BackupResourcesTests.Builds builds) : IClassFixture<BackupResourcesTests.Builds>
{
    readonly OverlayBuild single = builds.Base;
    readonly OverlayBuild ha = builds.HighAvailability;

    /// <summary>The base and the HA overlay, built once for the class (input files made up from their examples).</summary>
    public sealed class Builds : IDisposable
    {
        public OverlayBuild Base { get; } = new("k8s");

        public OverlayBuild HighAvailability { get; } = new($"overlays/{HighAvailabilityOverlay.FolderName}");

        public void Dispose()
        {
            Base.Dispose();
            HighAvailability.Dispose();
        }
    }

    static string ShippedScript => File.ReadAllText(Path.Combine(Repository.Root, "Tools", "ManifestToKubernetes", "Backups", BackupResources.ScriptFileName));

    [Fact]
    public void The_CronJob_dumps_every_service_database_nightly_with_the_shipped_script_as_the_backup_login()
    {
        var cronJob = CronJob(single);
        Assert.Equal(BackupResources.Schedule, cronJob.Spec.Schedule);
        Assert.Equal("Forbid", cronJob.Spec.ConcurrencyPolicy);
        var pod = cronJob.Spec.JobTemplate.Spec.Template.Spec;
        var container = pod.Containers.Single();
        var server = Postgres(single);

        // The server's own image, so pg_dump is the server's version.
        Assert.Equal(server.Image, container.Image);
        // The script the CronJob runs is the repository's file, byte for byte: the one the system test runs.
        var script = pod.Volumes.Single(v => v.ConfigMap is not null);
        var scriptMount = container.VolumeMounts.Single(m => m.Name == script.Name);
        Assert.Equal(["bash", $"{scriptMount.MountPath}/{BackupResources.ScriptFileName}", "dump"], container.Command);
        Assert.Equal(ShippedScript, ConfigMap(single, script.ConfigMap.Name)[BackupResources.ScriptFileName]);

        var environment = container.Env.ToDictionary(e => e.Name);
        Assert.Equal("postgres", environment["PGHOST"].Value);
        Assert.Equal(BackupResources.Login, environment["PGUSER"].Value);
        // The password the init script gives the backup login, from the same Secret key.
        var password = environment["PGPASSWORD"].ValueFrom.SecretKeyRef;
        var loginPassword = server.Env.Single(e => e.Name == BackupResources.BackupPasswordVariable).ValueFrom.SecretKeyRef;
        Assert.Equal((loginPassword.Name, loginPassword.Key), (password.Name, password.Key));
        Assert.Contains($"{password.Key}=", File.ReadAllLines(Path.Combine(Repository.KubernetesDirectory, DeploymentConventions.SecretsExampleFile)));
        Assert.True(single.Objects.OfType<V1Secret>().Single(s => s.Name() == password.Name).Data.ContainsKey(password.Key));
        // Every service database, as the logins script knows them.
        var databases = environment["FD_SERVICE_DATABASES"].ValueFrom.ConfigMapKeyRef;
        Assert.Equal(ConfigMap(single, databases.Name)[databases.Key], ConfigMap(single, "postgres-env")["FD_SERVICE_DATABASES"]);
        Assert.Equal(7, ConfigMap(single, databases.Name)[databases.Key].Split(' ').Length);
        Assert.True(int.Parse(environment["BACKUP_KEEP"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);

        // The dumps land on the claim.
        var backups = container.VolumeMounts.Single(m => m.MountPath == environment["BACKUP_DIR"].Value);
        var claim = pod.Volumes.Single(v => v.Name == backups.Name).PersistentVolumeClaim.ClaimName;
        Assert.Contains(single.Objects.OfType<V1PersistentVolumeClaim>(), c => c.Name() == claim);
    }

    [Theory]
    [InlineData("overlays/east")]
    [InlineData("overlays/west")]
    public void Each_of_the_two_clusters_dumps_its_own_database_with_its_own_backup_password(string layout)
    {
        using var cluster = new OverlayBuild(layout);
        var container = CronJob(cluster).Spec.JobTemplate.Spec.Template.Spec.Containers.Single();
        var password = container.Env.Single(e => e.Name == "PGPASSWORD").ValueFrom.SecretKeyRef;
        var loginPassword = Postgres(cluster).Env.Single(e => e.Name == BackupResources.BackupPasswordVariable).ValueFrom.SecretKeyRef;
        Assert.Equal((loginPassword.Name, loginPassword.Key), (password.Name, password.Key));
        Assert.True(cluster.Objects.OfType<V1Secret>().Single(s => s.Name() == password.Name).Data.ContainsKey(password.Key));
        Assert.Equal("postgres", container.Env.Single(e => e.Name == "PGHOST").Value);
    }

    [Fact]
    public void The_database_init_scripts_make_the_backup_login()
    {
        var initScripts = ConfigMap(single, "postgres-initdb");
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "AppHost", "Infrastructure", "initdb", "20-backup-login.sh")), initScripts["20-backup-login.sh"]);
        // After the service logins (which make the databases it is granted CONNECT on).
        Assert.Equal(["10-service-logins.sh", "20-backup-login.sh"], initScripts.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_backup_pod_runs_as_the_image_user_without_root_with_resources_set()
    {
        var pod = CronJob(single).Spec.JobTemplate.Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(DeploymentConventions.ServerImageUser, pod.SecurityContext.RunAsUser);
        Assert.Equal(DeploymentConventions.ServerImageUser, pod.SecurityContext.FsGroup); // writes its claim
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        foreach (var resource in new[] { "cpu", "memory" })
        {
            Assert.True(container.Resources.Requests.ContainsKey(resource), $"request {resource}");
            Assert.True(container.Resources.Limits.ContainsKey(resource), $"limit {resource}");
        }
    }

    [Fact]
    public void The_backup_pods_reach_PostgreSQL_and_nothing_else()
    {
        var model = new NetworkPolicyModel(single.Objects.OfType<V1NetworkPolicy>().ToList(), DeploymentConventions.DefaultNamespace);
        var backup = Pod(CronJob(single).Spec.JobTemplate.Spec.Template.Metadata.Labels);
        var postgres = Pod(single.Objects.OfType<V1StatefulSet>().Single(s => s.Name() == "postgres").Spec.Template.Metadata.Labels);
        var broker = Pod(single.Objects.OfType<V1StatefulSet>().Single(s => s.Name() == "messaging").Spec.Template.Metadata.Labels);
        var orders = Pod(single.Objects.OfType<V1Deployment>().Single(d => d.Name() == "orders").Spec.Template.Metadata.Labels);
        Assert.True(model.Allows(backup, postgres, 5432));
        Assert.False(model.Allows(backup, broker, 5672));
        Assert.False(model.Allows(backup, orders, 8080));
        Assert.False(model.Allows(orders, backup, 5432));
        Assert.True(model.Allows(orders, postgres, 5432), "the services keep their way in");
    }

    [Fact]
    public void The_HA_cluster_archives_to_the_operators_object_store_and_backs_up_nightly()
    {
        var cluster = ha.CustomResource("Cluster", "postgres");
        var store = cluster["spec"]!["backup"]!["barmanObjectStore"]!;
        // The values of backup-store.env (made up by the build as base-KEY).
        Assert.Equal($"base-{HighAvailabilityBackups.DestinationPathKey}", (string)store["destinationPath"]!);
        Assert.Equal($"base-{HighAvailabilityBackups.EndpointUrlKey}", (string)store["endpointURL"]!);
        // The credentials Secret made from backup-store-credentials.env.
        // Under its own name (no hash suffix), so a recovery's externalClusters can name it as it is.
        var credentials = ha.Objects.OfType<V1Secret>().Single(s => s.Name() == HighAvailabilityBackups.CredentialsSecret);
        foreach (var (field, key) in new[] { ("accessKeyId", HighAvailabilityBackups.AccessKeyIdKey), ("secretAccessKey", HighAvailabilityBackups.SecretAccessKeyKey) })
        {
            Assert.Equal(credentials.Name(), (string)store["s3Credentials"]![field]!["name"]!);
            Assert.Equal(key, (string)store["s3Credentials"]![field]!["key"]!);
            Assert.Equal($"base-{key}", Encoding.UTF8.GetString(credentials.Data[key]));
        }

        var scheduled = ha.CustomResource("ScheduledBackup", HighAvailabilityBackups.ScheduledBackupName);
        Assert.Equal("postgres", (string)scheduled["spec"]!["cluster"]!["name"]!);
        Assert.Equal("barmanObjectStore", (string)scheduled["spec"]!["method"]!);
        Assert.Equal(6, ((string)scheduled["spec"]!["schedule"]!).Split(' ').Length); // CNPG's cron starts with seconds
        foreach (var resource in new[] { cluster, scheduled })
        {
            Assert.Empty(CustomResourceDefinitions.For((string)resource["apiVersion"]!, (string)resource["kind"]!).Validate(resource));
        }
    }

    [Fact]
    public void The_HA_overlay_names_its_input_files_in_examples()
    {
        var folder = Path.Combine(Repository.OverlaysDirectory, HighAvailabilityOverlay.FolderName);
        string[] Keys(string file) => File.ReadAllLines(Path.Combine(folder, file + ".example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToArray();
        Assert.Equal([HighAvailabilityBackups.DestinationPathKey, HighAvailabilityBackups.EndpointUrlKey], Keys(HighAvailabilityBackups.StoreFile));
        Assert.Equal([HighAvailabilityBackups.AccessKeyIdKey, HighAvailabilityBackups.SecretAccessKeyKey], Keys(HighAvailabilityBackups.CredentialsFile));
        var ignored = File.ReadAllLines(Path.Combine(Repository.Root, ".gitignore"));
        Assert.Contains($"aspire-manifest/overlays/ha/{HighAvailabilityBackups.StoreFile}", ignored);
        Assert.Contains($"aspire-manifest/overlays/ha/{HighAvailabilityBackups.CredentialsFile}", ignored);
    }

    [Fact]
    public void Regenerating_the_overlays_keeps_the_operators_backup_store_files()
    {
        var manifest = ManifestToKubernetes.Manifest.AspireManifest.Load(Repository.ManifestPath);
        var overlays = Directory.CreateTempSubdirectory("fooddelivery-overlays-");
        try
        {
            var ha = Path.Combine(overlays.FullName, HighAvailabilityOverlay.FolderName);
            Directory.CreateDirectory(ha);
            foreach (var file in HighAvailabilityBackups.InputFiles)
            {
                File.WriteAllText(Path.Combine(ha, file), $"{file}'s own values\n");
            }
            // As scripts/generate-deployment.sh runs them: the clusters' overlays rewrite the folder, then the HA overlay its own.
            ClusterOverlays.WriteTo(manifest, ManifestToKubernetes.Manifest.AspireManifest.Load(Repository.TwoClustersManifestPath), overlays.FullName, "../k8s",
                new Dictionary<string, ClusterOverlays.Peer>(), DeploymentConventions.DefaultNamespace);
            HighAvailabilityOverlay.WriteTo(manifest, KubernetesOutput.Generate(manifest), ha, "../../k8s");
            foreach (var file in HighAvailabilityBackups.InputFiles)
            {
                Assert.Equal($"{file}'s own values\n", File.ReadAllText(Path.Combine(ha, file)));
            }
            Assert.True(File.Exists(Path.Combine(ha, "kustomization.yaml")));
        }
        finally
        {
            overlays.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_HA_overlay_dumps_from_the_primary_over_TLS_and_its_logins_job_makes_the_backup_login()
    {
        var container = CronJob(ha).Spec.JobTemplate.Spec.Template.Spec.Containers.Single();
        var environment = container.Env.ToDictionary(e => e.Name);
        Assert.Equal(HighAvailabilityOverlay.PrimaryService("postgres"), environment["PGHOST"].Value);
        // TLS with the server verified, as in the base (the CNPG Cluster serves postgres-tls, naming postgres-rw).
        Assert.Equal("verify-full", environment["PGSSLMODE"].Value);
        var baseContainer = CronJob(single).Spec.JobTemplate.Spec.Template.Spec.Containers.Single();
        Assert.Equal(baseContainer.Env.Select(e => e.Name).Order(StringComparer.Ordinal), environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(baseContainer.Command, container.Command);

        var logins = ha.Objects.OfType<V1Job>().Single(j => j.Metadata.Labels[DeploymentConventions.NameLabel] == DatabaseLoginsJob.Name).Spec.Template.Spec.Containers.Single();
        var loginPassword = logins.Env.Single(e => e.Name == BackupResources.BackupPasswordVariable).ValueFrom.SecretKeyRef;
        Assert.Equal(environment["PGPASSWORD"].ValueFrom.SecretKeyRef.Key, loginPassword.Key);

        var model = new NetworkPolicyModel(ha.Objects.OfType<V1NetworkPolicy>().ToList(), DeploymentConventions.DefaultNamespace);
        var backup = Pod(CronJob(ha).Spec.JobTemplate.Spec.Template.Metadata.Labels);
        var instance = Pod(new Dictionary<string, string> { ["cnpg.io/cluster"] = "postgres", [DeploymentConventions.NameLabel] = "postgres" });
        Assert.True(model.Allows(backup, instance, 5432));
    }

    static V1CronJob CronJob(OverlayBuild build) => build.Objects.OfType<V1CronJob>().Single(c => c.Name() == BackupResources.Name);

    static V1Container Postgres(OverlayBuild build) =>
        build.Objects.OfType<V1StatefulSet>().Single(s => s.Name() == "postgres").Spec.Template.Spec.Containers.Single();

    static IDictionary<string, string> ConfigMap(OverlayBuild build, string name) =>
        build.Objects.OfType<V1ConfigMap>().Single(c => c.Name() == name).Data;

    static NetworkPolicyModel.Pod Pod(IDictionary<string, string> labels) => new(DeploymentConventions.DefaultNamespace, labels);
}
