using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// scripts/publish-images.sh builds a service's image to a tarball with the SDK's container support; the
/// image starts the service, as a non-root user, on the port the objects expect. The SDK pulls its base
/// image from mcr.microsoft.com: where that registry cannot be reached (this project's machines have no
/// internet), the test is skipped with the error that says so, and fails on any other error.
/// </summary>
public sealed partial class ServiceImageTests
{
    const string Tag = "deployment-test";

    [SkippableFact]
    public async Task A_service_image_built_to_a_tarball_runs_the_service_as_a_non_root_user_on_port_8080()
    {
        var archives = Directory.CreateTempSubdirectory("fooddelivery-images-");
        try
        {
            var (exitCode, output) = await RunAsync(Path.Combine(Repository.Root, "scripts", "publish-images.sh"), ["", Tag], new()
            {
                ["SERVICES"] = "menu",
                ["ARCHIVE_DIR"] = archives.FullName,
                // The build this test assembly came from built the service too (AppHost references it).
                ["CONFIGURATION"] = typeof(ServiceImageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
                ["NO_BUILD"] = "1",
            });
            if (exitCode != 0 && BaseImageUnreachable().Match(output) is { Success: true } unreachable)
            {
                Skip.If(true, $"The base image's registry cannot be reached from here, so the SDK cannot build an image: {unreachable.Value.Trim()}");
            }
            Assert.True(exitCode == 0, $"publish-images.sh failed ({exitCode}):\n{output}");

            var archive = Path.Combine(archives.FullName, $"menu-{Tag}.tar.gz");
            var (repoTags, config) = ReadImage(archive);
            Assert.Contains($"fooddelivery/menu:{Tag}", repoTags);
            var entrypoint = config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains(entrypoint, part => part?.EndsWith("Menu", StringComparison.Ordinal) == true || part?.EndsWith("Menu.dll", StringComparison.Ordinal) == true);
            var user = config.GetProperty("User").GetString();
            Assert.True(long.TryParse(user, out var uid) && uid > 0, $"The image runs as '{user}', not a numeric non-root user.");
            Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _), "The image does not expose 8080/tcp.");
        }
        finally
        {
            archives.Delete(recursive: true);
        }
    }

    /// <summary>The docker-format tarball the SDK writes: manifest.json names the config blob.</summary>
    static (IReadOnlyList<string> RepoTags, JsonElement Config) ReadImage(string archive)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var file = File.OpenRead(archive))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                // manifest.json and the config blob are small; the layers are not needed.
                if (entry.DataStream is { } data && entry.Length < 4 * 1024 * 1024)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    entries[entry.Name] = copy.ToArray();
                }
            }
        }
        using var manifest = JsonDocument.Parse(entries["manifest.json"]);
        var image = manifest.RootElement[0];
        var tags = image.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()!).ToList();
        var config = JsonDocument.Parse(entries[image.GetProperty("Config").GetString()!]).RootElement.GetProperty("config").Clone();
        return (tags, config);
    }

    static async Task<(int ExitCode, string Output)> RunAsync(string script, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }

    // Name resolution or connection failures for the base image's registry, as the SDK's CreateNewImage reports them.
    [GeneratedRegex(@"[^\n]*(Name or service not known|No such host is known|Connection refused|Network is unreachable|timed out)[^\n]*\((mcr\.microsoft\.com|[a-z0-9.-]*mcr[a-z0-9.-]*)(:\d+)?\)[^\n]*")]
    private static partial Regex BaseImageUnreachable();
}
