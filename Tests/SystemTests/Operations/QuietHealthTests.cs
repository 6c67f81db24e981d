namespace FoodDelivery.SystemTests;

/// <summary>
/// Quiet when healthy: a clean start logs no warning or error, and an idle system exports no traces and
/// no Information logs (relay polls, status refreshes and health probes are not news).
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class QuietHealthTests(RunningSystem system)
{
    // The services export logs and spans in batches, at most a few seconds apart.
    static readonly TimeSpan ExportDelay = TimeSpan.FromSeconds(7);

    // Longer than two status refreshes (5 s) and many relay polls (1 s) and AppHost health probes.
    static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task A_clean_start_logs_no_warning_or_error()
    {
        await WaitUntilAsync(system.HealthyAt + ExportDelay);
        // Every service said it started consuming: the start-up's logs have arrived.
        Assert.All(RunningSystem.ServiceNames, service =>
            Assert.Contains(system.Telemetry.Logs, log => log.Service == service && log.Message.Contains("Consuming", StringComparison.Ordinal)));

        var loud = system.Telemetry.Logs
            .Where(log => log.Time <= system.HealthyAt && log.Severity >= CollectedLog.Warning && !MachineTooBusy(log))
            .OrderBy(log => log.Time).ToList();
        Assert.True(loud.Count == 0, "A clean start logged:\n" + string.Join("\n", loud));
    }

    [Fact]
    public void No_background_call_or_health_probe_makes_a_trace()
    {
        var spans = system.Telemetry.All.ToList();
        var backgroundRoots = spans.Where(span => span.ParentSpanId.Length == 0 && span.Kind == CollectedSpan.Client).ToList();
        Assert.True(backgroundRoots.Count == 0,
            $"{backgroundRoots.Count} traces start with a client call outside any request or message, e.g. " +
            string.Join(", ", backgroundRoots.Take(5).Select(span => $"{span.Service}: {span.Name}")));
        Assert.DoesNotContain(spans, span => span.Kind == CollectedSpan.Server
            && span.Attributes.TryGetValue("url.path", out var path) && (path == "/health" || path == "/alive"));
    }

    [Fact]
    public async Task An_idle_system_exports_no_spans_and_no_information_logs()
    {
        // Whatever an earlier test did has been exported by now.
        await Task.Delay(ExportDelay);
        var spansBefore = system.Telemetry.All.Count();
        var idleFrom = DateTimeOffset.UtcNow;
        await Task.Delay(IdleWindow);
        var idleUntil = DateTimeOffset.UtcNow;
        await Task.Delay(ExportDelay);

        var spans = system.Telemetry.All.Count() - spansBefore;
        var logs = system.Telemetry.Logs.Where(log => log.Time >= idleFrom && log.Time <= idleUntil).OrderBy(log => log.Time).ToList();
        Assert.True(spans == 0, $"{spans} spans exported by an idle system in {IdleWindow.TotalSeconds} s.");
        Assert.True(logs.Count == 0, "An idle system logged:\n" + string.Join("\n", logs.Take(20)));
    }

    /// <summary>Kestrel's heartbeat warning says the machine is starved of CPU (two cores, several systems at once), not that a service is wrong.</summary>
    static bool MachineTooBusy(CollectedLog log) =>
        log.Category == "Microsoft.AspNetCore.Server.Kestrel" && log.Message.Contains("thread pool starvation", StringComparison.Ordinal);

    static async Task WaitUntilAsync(DateTimeOffset moment)
    {
        var left = moment - DateTimeOffset.UtcNow;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }
}
