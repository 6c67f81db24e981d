using System.Diagnostics;
using System.Runtime.CompilerServices;
using FoodDelivery.Hosting.Infrastructure.Local;

namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>Turns the configured mode into the one that can actually run on this machine.</summary>
public static class InfrastructureModeSelector
{
    static readonly TimeSpan RuntimeProbeTimeout = TimeSpan.FromSeconds(5);

    // Decided once per AppHost: every cluster asks, and probing a runtime can take seconds.
    static readonly ConditionalWeakTable<IDistributedApplicationBuilder, StrongBox<InfrastructureMode>> Selected = [];

    public static InfrastructureMode Select(IDistributedApplicationBuilder builder) =>
        Selected.GetValue(builder, _ => new StrongBox<InfrastructureMode>(Decide(builder))).Value;

    static InfrastructureMode Decide(IDistributedApplicationBuilder builder)
    {
        // A published manifest describes containers: that is what a cluster runs.
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        var configured = builder.Configuration["Infrastructure:Mode"];
        var mode = string.IsNullOrWhiteSpace(configured)
            ? InfrastructureMode.Auto
            : Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var parsed)
                ? parsed
                : throw new DistributedApplicationException(
                    $"Infrastructure:Mode is '{configured}'; use auto, containers or local.");

        if (mode != InfrastructureMode.Auto)
        {
            return mode;
        }
        if (ContainerRuntimeAnswers("docker") || ContainerRuntimeAnswers("podman"))
        {
            return InfrastructureMode.Containers;
        }
        if (LocalServerBinaries.Missing() is { Count: > 0 } missing)
        {
            throw new DistributedApplicationException(
                "Neither a container runtime nor the local servers are available. Install Docker (or Podman), " +
                $"or the Debian packages rabbitmq-server and postgresql (missing: {string.Join(", ", missing)}); " +
                "./run.sh installs the packages for you.");
        }
        return InfrastructureMode.Local;
    }

    static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }
            // Drain output so a chatty runtime cannot block on a full pipe.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(RuntimeProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
