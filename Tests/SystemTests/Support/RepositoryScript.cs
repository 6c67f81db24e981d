using System.Diagnostics;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A shell script of the repository run as it ships (with bash, the PostgreSQL client tools of the local server
/// on the PATH), for tests that must exercise exactly what a deployment runs.
/// </summary>
public static class RepositoryScript
{
    /// <summary>The repository's root (where FoodDelivery.slnx is), found from the test's build output.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Runs <paramref name="path"/> (relative to the root) with <paramref name="arguments"/>; returns its output, or fails with it.</summary>
    public static async Task<string> RunAsync(string path, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Root, path));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var binaries = FoodDelivery.Hosting.Infrastructure.Local.LocalServerBinaries.PostgresBinDirectory()
            ?? throw new InvalidOperationException("No PostgreSQL server is installed (apt-get install -y postgresql).");
        start.Environment["PATH"] = $"{binaries}:{Environment.GetEnvironmentVariable("PATH")}";
        // Nothing of the developer's own libpq settings leaks in.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{path} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}{await error}");
        return await output;
    }

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoodDelivery.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No FoodDelivery.slnx above {AppContext.BaseDirectory}.");
    }
}
