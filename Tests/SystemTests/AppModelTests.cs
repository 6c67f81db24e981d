using System.Text.Json.Nodes;

namespace FoodDelivery.SystemTests;

/// <summary>How the AppHost models the system, checked without starting anything.</summary>
public sealed class AppModelTests
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
        Assert.Equal(
            RunningSystem.DatabaseNames.Order(),
            builder.Resources.OfType<PostgresDatabaseResource>().Select(r => r.Name).Order());
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
            // One set of credentials and keys for both clusters.
            // The broker's operator, one broker user per service and the federation links' user.
            string[] parameters = ["jwt-signing-key", "messaging-password", "messaging-user", "postgres-password", "postgres-user", "sync-admin-key",
                "messaging-federation-password", .. RunningSystem.ServiceNames.Select(service => $"messaging-{service}-password")];
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
                        $"amqp://{service}:{{messaging-{service}-password.value}}@{{{cluster}-messaging.bindings.tcp.host}}:{{{cluster}-messaging.bindings.tcp.port}}",
                        environment["ConnectionStrings__messaging"]);
                    Assert.Equal($"{{{cluster}-{service}db.connectionString}}", environment[$"ConnectionStrings__{service}db"]);
                    Assert.Equal(cluster, environment["Sync__Cluster"]);
                    Assert.Equal(peer, environment["Sync__PeerCluster"]);
                    var expected = RunningSystem.ServiceNames.Where(other => other != service)
                        .Select(other => ($"services__{other}__http__0", (string?)$"{{{cluster}-{other}.bindings.http.url}}"))
                        .Concat(RunningSystem.ServiceNames.Select(other =>
                            ($"services__{peer}-{other}__http__0", (string?)$"{{{peer}-{other}.bindings.http.url}}")))
                        .Order();
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
}
