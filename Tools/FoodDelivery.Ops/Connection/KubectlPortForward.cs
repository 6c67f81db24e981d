using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FoodDelivery.Ops.Connection;

/// <summary>
/// A service's management port reached through <c>kubectl port-forward</c> to the Service the Kubernetes output generates
/// for it (<c>{service}-management</c>, port <see cref="ManagementPort"/>), on a local port kubectl picks. The tool
/// starts one per service it asks and stops it when the command ends.
/// </summary>
internal sealed partial class KubectlPortForward(Process kubectl, Uri address) : IAsyncDisposable
{
    /// <summary>The management port of every service once published (the AppHost's PublishedManagementPort).</summary>
    public const int ManagementPort = 8081;

    public Uri Address { get; } = address;

    /// <summary>kubectl's arguments: the context and namespace as given, loopback only, any free local port.</summary>
    public static IReadOnlyList<string> Arguments(string? context, string? @namespace, string service) =>
    [
        .. context is null ? Array.Empty<string>() : ["--context", context],
        .. @namespace is null ? Array.Empty<string>() : ["--namespace", @namespace],
        "port-forward", $"service/{service}-management", $":{ManagementPort}", "--address", "127.0.0.1",
    ];

    /// <summary>Starts kubectl and waits until it says which local port forwards (or until it gives up, with why).</summary>
    public static async Task<KubectlPortForward> StartAsync(string kubectl, string? context, string? @namespace, string service, CancellationToken ct)
    {
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Arguments(context, @namespace, service))
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{kubectl} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new UsageException($"kubectl could not be started ({kubectl}: {ex.Message}); install it or give addresses instead.");
        }
        var errors = process.StandardError.ReadToEndAsync(ct);
        // kubectl prints "Forwarding from 127.0.0.1:43117 -> 8081" once the tunnel listens.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (Forwarding().Match(line) is { Success: true } match)
                {
                    return new KubectlPortForward(process, new Uri($"http://127.0.0.1:{match.Groups["port"].Value}"));
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Fall through: kubectl said nothing useful in time.
        }
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync(CancellationToken.None);
        var said = (await errors).Trim();
        throw new ServiceUnreachableException(service,
            $"kubectl port-forward gave no local port (exit {process.ExitCode}){(said.Length > 0 ? ": " + said : "")}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!kubectl.HasExited)
        {
            kubectl.Kill(entireProcessTree: true);
            await kubectl.WaitForExitAsync();
        }
        kubectl.Dispose();
    }

    [GeneratedRegex(@"^Forwarding from 127\.0\.0\.1:(?<port>\d+) ->")]
    private static partial Regex Forwarding();
}
