using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;

namespace FoodDelivery.DeploymentTests;

/// <summary>The committed aspire-manifest.json is what the AppHost publishes today.</summary>
public sealed class ManifestTests
{
    [Fact]
    public Task The_committed_manifest_is_what_the_AppHost_publishes() => AssertPublishedAsync(Repository.ManifestPath);

    /// <summary>The input of the east and west overlays: the AppHost's two-cluster model.</summary>
    [Fact]
    public Task The_committed_two_cluster_manifest_is_what_the_AppHost_publishes_with_two_clusters() =>
        AssertPublishedAsync(Repository.TwoClustersManifestPath, "--Clusters:Count=2");

    static async Task AssertPublishedAsync(string committed, params string[] arguments)
    {
        var output = Directory.CreateTempSubdirectory("fooddelivery-manifest-");
        try
        {
            var published = Path.Combine(output.FullName, "aspire-manifest.json");
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                ["--publisher", "manifest", "--output-path", published, .. arguments]);
            await using var app = await builder.BuildAsync();
            await app.RunAsync();

            Assert.Equal(
                Normalized(committed),
                Normalized(published));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The manifest with project and bind mount paths made absolute (they are relative to the manifest's folder), so a
    /// manifest published elsewhere compares equal when it describes the same projects.
    /// </summary>
    static string Normalized(string manifestPath)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var directory = Path.GetDirectoryName(manifestPath)!;
        foreach (var (_, resource) in manifest["resources"]!.AsObject())
        {
            if ((string?)resource?["path"] is { } path)
            {
                resource["path"] = Path.GetFullPath(Path.Combine(directory, path));
            }
            foreach (var mount in resource?["bindMounts"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                mount["source"] = Path.GetFullPath(Path.Combine(directory, (string)mount["source"]!));
            }
        }
        return manifest.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n" + Repository.RegenerateHint;
    }
}
