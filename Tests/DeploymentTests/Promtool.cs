using System.ComponentModel;
using System.Diagnostics;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// Prometheus' <c>promtool</c> (Debian's <c>prometheus</c> package; scripts/install-local-infrastructure.sh
/// installs it for the tests): <c>check rules</c> parses and type-checks rule files, <c>test rules</c> runs
/// their unit tests.
/// </summary>
public static class Promtool
{
    public sealed record Result(int ExitCode, string Output)
    {
        public bool Succeeded => ExitCode == 0;
    }

    public static Result Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        }
        catch (Win32Exception)
        {
            throw new InvalidOperationException("promtool is not installed: run scripts/install-local-infrastructure.sh --test-browser (Debian's prometheus package).");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Result(process.ExitCode, $"promtool {string.Join(' ', arguments)} (exit {process.ExitCode}):\n{output}{error.Result}");
        }
    }
}
