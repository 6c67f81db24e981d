using System.Diagnostics;
using System.Text.Json;
using FoodDelivery.ManifestToKubernetes.Manifest;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// aspirate runs <c>dotnet msbuild "&lt;path&gt;" --getProperty:...</c> for every project of the manifest, even
/// with <c>--skip-build</c>, with the manifest's relative path joined to the current directory
/// (aspirate's ProjectPropertyService and PathExtensions.NormalizePath). docs/kubernetes.md tells users to run it
/// from <c>aspire-manifest/</c>; these are the same calls from there.
/// </summary>
public sealed class AspirateProjectPropertiesTests
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);

    // aspirate's ContainerDetailsService asks for these.
    static readonly string[] Properties = ["ContainerRegistry", "ContainerRepository", "ContainerImageName", "ContainerImageTag", "DockerfileFile", "DockerfileContext"];

    [Fact]
    public async Task Every_project_s_container_properties_resolve_from_the_documented_directory()
    {
        var projects = Manifest.Resources.Where(r => r.IsProject).ToList();
        Assert.NotEmpty(projects);
        var failures = new List<string>();
        foreach (var project in projects)
        {
            var path = (string?)project.Entry["path"];
            Assert.NotNull(path);
            Assert.StartsWith("..", path, StringComparison.Ordinal); // relative: aspirate joins it to the current directory
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.ManifestDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("msbuild");
            start.ArgumentList.Add(path);
            foreach (var property in Properties)
            {
                start.ArgumentList.Add($"--getProperty:{property}");
            }
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                failures.Add($"{project.Name}: dotnet msbuild {path} exited {process.ExitCode}: {output.Trim()} {(await error).Trim()}");
                continue;
            }
            // Several properties: msbuild answers {"Properties": {...}}, which aspirate deserialises.
            using var json = JsonDocument.Parse(output);
            var answered = json.RootElement.GetProperty("Properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.True(Properties.All(answered.Contains), $"{project.Name}: msbuild answered only {string.Join(", ", answered)}");
        }
        Assert.Empty(failures);
    }

    /// <summary>From the repository root, where the documentation once sent users, the same call fails (MSB1009): the test above checks a real condition.</summary>
    [Fact]
    public async Task From_the_repository_root_the_manifest_s_paths_do_not_resolve()
    {
        var path = (string)Manifest.Resources.First(r => r.IsProject).Entry["path"]!;
        Assert.False(File.Exists(Path.Combine(Repository.Root, path)));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("--getProperty:ContainerRepository");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("MSB1009", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_guide_runs_aspirate_from_the_manifest_s_directory()
    {
        var guide = File.ReadAllText(Path.Combine(Repository.Root, "docs", "kubernetes.md"));
        var section = guide[guide.IndexOf("## With aspirate", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", StringComparison.Ordinal)];
        var generate = section.IndexOf("aspirate generate", StringComparison.Ordinal);
        Assert.True(generate > 0);
        Assert.Contains("cd aspire-manifest", section[..generate], StringComparison.Ordinal);
        Assert.Contains("--aspire-manifest aspire-manifest.json", section, StringComparison.Ordinal);
        Assert.Contains("aspirate-secrets", section, StringComparison.Ordinal);
    }
}
