using System.Diagnostics;
using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The operator tool (Tools/FoodDelivery.Ops) run as an operator runs it, a process of its own, against a running system:
/// the services' management addresses in a file (<c>FOODDELIVERY_OPS_ADDRESSES</c>), the keys in its environment.
/// </summary>
public sealed class OpsTool(string addressesFile, IReadOnlyDictionary<string, string> environment)
{
    /// <summary>The tool built next to these tests (the same configuration).</summary>
    public static string Assembly { get; } = Path.Combine(RepositoryScript.Root, "Tools", "FoodDelivery.Ops", "bin",
        Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!, "net10.0", "fooddelivery-ops.dll");

    /// <summary>The tool for <paramref name="system"/>, with the read and repair keys of its cluster unless <paramref name="keys"/> says otherwise.</summary>
    public static async Task<OpsTool> ForAsync(AppHostSystem system, IReadOnlyDictionary<string, string>? keys = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"fooddelivery-ops-{Guid.NewGuid():N}.addresses");
        await File.WriteAllLinesAsync(file, RunningSystem.ServiceNames.Select(service =>
            $"{service}={system.App.GetEndpoint(service, ManagementEndpoint.Name)}"));
        keys ??= new Dictionary<string, string>
        {
            ["FOODDELIVERY_OPS_READ_KEY"] = await system.OperatorKeyAsync("menu", OperatorScope.Read),
            ["FOODDELIVERY_OPS_REPAIR_KEY"] = await system.OperatorKeyAsync("menu", OperatorScope.Repair),
        };
        return new OpsTool(file, keys);
    }

    /// <summary>The same tool with other environment variables (other keys, a fake kubectl).</summary>
    public OpsTool With(IReadOnlyDictionary<string, string> variables) =>
        new(addressesFile, environment.Concat(variables).GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value));

    /// <summary>Runs the tool with no terminal to ask on (stdin empty), as a script would.</summary>
    public async Task<OpsRun> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Nothing of the test runner's own environment that the tool reads.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("FOODDELIVERY_OPS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["FOODDELIVERY_OPS_ADDRESSES"] = addressesFile;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        Assert.True(File.Exists(Assembly), $"The operator tool is not built at {Assembly}.");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new OpsRun(process.ExitCode, await output, await errors);
    }
}

/// <summary>One run of the tool: its exit code and what it printed.</summary>
public sealed record OpsRun(int ExitCode, string Output, string Errors)
{
    public JsonElement Json => JsonDocument.Parse(Output).RootElement;

    /// <summary>Asserts the exit code, showing what the tool printed when it differs.</summary>
    public OpsRun Expect(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"expected exit {exitCode}, got {this}");
        return this;
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}
