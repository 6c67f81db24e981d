using System.Text.Json.Nodes;
using FoodDelivery.Hosting.Infrastructure;

namespace FoodDelivery.SystemTests;

/// <summary>How the AppHost models the system, checked without starting anything.</summary>
public sealed partial class AppModelTests
{
    [Fact]
    public async Task Publish_mode_models_the_broker_and_database_as_containers_and_the_seven_services_as_projects()
    {
        var output = Path.Combine(Path.GetTempPath(), "fooddelivery-manifest-" + Guid.NewGuid().ToString("N")[..8]);
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(output, "aspire-manifest.json")]);

        Assert.True(builder.ExecutionContext.IsPublishMode);
        Assert.IsType<RabbitMQServerResource>(builder.Resources.Single(r => r.Name == "messaging"));
        Assert.IsType<PostgresServerResource>(builder.Resources.Single(r => r.Name == "postgres"));
        Assert.Equal(RunningSystem.ServiceNames.Order(), builder.Resources.OfType<ProjectResource>().Select(r => r.Name).Order());
        var databases = builder.Resources.OfType<ServiceDatabaseResource>().ToList();
        Assert.Equal(RunningSystem.DatabaseNames.Order(), databases.Select(r => r.Name).Order());
        foreach (var database in databases)
        {
            // Each reached with its own service's login, whose password is a secret parameter of its own.
            var service = database.DatabaseName[..^"db".Length];
            Assert.Equal(service, database.Login.Role);
            Assert.Equal($"{database.DatabaseName}-password", database.Login.Password.Resource.Name);
            Assert.True(database.Login.Password.Resource.Secret);
        }
        // The container's init script creates the logins and databases from its environment.
        var server = builder.Resources.OfType<PostgresServerResource>().Single();
        Assert.Contains(server.Annotations.OfType<ContainerMountAnnotation>(),
            mount => mount is { Type: ContainerMountType.BindMount, Target: "/docker-entrypoint-initdb.d", IsReadOnly: true });
        // Its backup login (20-backup-login.sh) gets a secret password of its own, which the backup CronJob logs in with.
        var backupPassword = builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "postgres-backup-password");
        Assert.True(backupPassword.Secret);
    }

    [Fact]
    public async Task Two_clusters_model_two_complete_prefixed_systems_whose_services_keep_their_connection_names()
    {
        var output = Path.Combine(Path.GetTempPath(), "fooddelivery-manifest-" + Guid.NewGuid().ToString("N")[..8]);
        var manifest = Path.Combine(output, "aspire-manifest.json");
        try
        {
            await using (var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                ["--publisher", "manifest", "--output-path", manifest, "--Clusters:Count=2"]))
            {
                await using var app = await builder.BuildAsync();
                await app.RunAsync();
            }
            var resources = JsonNode.Parse(await File.ReadAllTextAsync(manifest))!["resources"]!.AsObject();

            string[] clusters = ["east", "west"];
            var names = clusters.SelectMany(cluster => RunningSystem.AllResourceNames.Select(name => $"{cluster}-{name}"));
            // Every secret per cluster but the token key, which both clusters share; user names are no secret.
            // Per cluster: the broker's operator, one broker user per service and its federation links' user, the
            // superuser and the backup login, one database login per service; the operator keys, which stay with the operators, and the
            // digests the services verify them with; a caller key per service, and its digest for its owners.
            string[] parameters = ["jwt-signing-key", "messaging-user", "postgres-user",
                .. clusters.SelectMany(cluster => new[] { "messaging-password", "postgres-password", "postgres-backup-password", "messaging-federation-password" }
                    .Concat(RunningSystem.ServiceNames.Select(service => $"messaging-{service}-password"))
                    .Concat(RunningSystem.DatabaseNames.Select(database => $"{database}-password"))
                    .Concat(new[] { "sync-read-key", "sync-repair-key" }
                        .Concat(RunningSystem.ServiceNames.Select(service => $"{service}-sync-caller-key"))
                        .SelectMany(key => new[] { key, $"{key}-digest" }))
                    .Select(name => $"{cluster}-{name}"))];
            Assert.Equal(names.Concat(parameters).Order(), resources.Select(resource => resource.Key).Order());

            foreach (var cluster in clusters)
            {
                var peer = clusters.Single(other => other != cluster);
                Assert.Contains("rabbitmq_federation", (string?)resources[$"{cluster}-messaging"]!["env"]!["RABBITMQ_ENABLED_PLUGINS"], StringComparison.Ordinal);
                foreach (var service in RunningSystem.ServiceNames)
                {
                    var environment = resources[$"{cluster}-{service}"]!["env"]!.AsObject()
                        .ToDictionary(variable => variable.Key, variable => (string?)variable.Value);
                    // Its own broker user, never the operator's.
                    Assert.Equal(
                        $"amqps://{service}:{{{cluster}-messaging-{service}-password.value}}@{{{cluster}-messaging.bindings.tcp.host}}:{{{cluster}-messaging.bindings.tcp.port}}?cacertfile=/etc/fooddelivery/tls/ca.crt",
                        environment["ConnectionStrings__messaging"]);
                    Assert.Equal($"{{{cluster}-{service}db.connectionString}}", environment[$"ConnectionStrings__{service}db"]);
                    // Its own cluster's server, its own login.
                    Assert.Equal(
                        $"Host={{{cluster}-postgres.bindings.tcp.host}};Port={{{cluster}-postgres.bindings.tcp.port}};Username={service};Password={{{cluster}-{service}db-password.value}};Database={service}db;SSL Mode=VerifyFull;Root Certificate=/etc/fooddelivery/tls/ca.crt",
                        (string?)resources[$"{cluster}-{service}db"]!["connectionString"]);
                    Assert.Equal(cluster, environment["Sync__Cluster"]);
                    Assert.Equal(peer, environment["Sync__PeerCluster"]);
                    // Digests of its own cluster's operator keys and of the caller keys that may read it (its namesake in the
                    // peer among them), its own caller key, and no key that opens anything else.
                    Assert.Equal($"{{{cluster}-sync-read-key-digest.value}}", environment["Sync__ReadKeyDigest"]);
                    Assert.Equal($"{{{cluster}-sync-repair-key-digest.value}}", environment["Sync__RepairKeyDigest"]);
                    Assert.Equal($"{{{cluster}-{service}-sync-caller-key.value}}", environment["Sync__CallerKey"]);
                    Assert.Equal($"{{{peer}-{service}-sync-caller-key-digest.value}}", environment[$"Sync__SnapshotReaders__{peer}-{service}"]);
                    var keys = environment.Values.SelectMany(value => KeyReference().Matches(value ?? "")).Select(match => match.Value);
                    Assert.Equal([$"{{{cluster}-{service}-sync-caller-key.value}}"], keys);
                    // Every other service's API and management port, of both clusters.
                    var expected = (from endpoint in new[] { "http", "management" }
                                    from other in RunningSystem.ServiceNames.Where(other => other != service)
                                    select ($"services__{other}__{endpoint}__0", (string?)$"{{{cluster}-{other}.bindings.{endpoint}.url}}"))
                        .Concat(from endpoint in new[] { "http", "management" }
                                from other in RunningSystem.ServiceNames
                                select ($"services__{peer}-{other}__{endpoint}__0", (string?)$"{{{peer}-{other}.bindings.{endpoint}.url}}"))
                        .Order();
                    Assert.Equal($"{{{cluster}-{service}.bindings.management.targetPort}}", environment["Management__Port"]);
                    Assert.Equal(expected, environment.Where(variable => variable.Key.StartsWith("services__", StringComparison.Ordinal))
                        .Select(variable => (variable.Key, variable.Value)).Order());
                }
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task An_unsupported_cluster_count_is_refused_with_the_valid_choices()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Clusters:Count=3"]));
        Assert.Contains("use 1 or 2", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_infrastructure_mode_is_refused_with_the_valid_choices()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=cloud"]));
        Assert.Contains("auto, containers or local", Flatten(error), StringComparison.Ordinal);
    }

    static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : error.Message + " " + Flatten(error.InnerException);

    /// <summary>A reference to a key's own value (not to its digest) in a manifest's environment.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\{[a-z-]*-sync-(read|repair|caller)-key\.value\}")]
    private static partial System.Text.RegularExpressions.Regex KeyReference();
}
