using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FoodDelivery.Benchmarks;

/// <summary>Everything one run measured, printed as Markdown and saved as JSON.</summary>
public sealed record BenchmarkReport(
    DateTimeOffset MeasuredAt,
    string Machine,
    string LoadAverageAtStart,
    string LoadAverageAtEnd,
    string BrokerVersion,
    string CommandLine,
    bool Quick,
    double ColdStartSeconds,
    CpuProfile ColdStartCpu,
    CpuProfile IdleCpu,
    CpuProfile IdleAfterLoadCpu,
    int MessageBytes,
    RawRun? RawMax,
    CpuProfile? RawCpu,
    ThroughputResult? Throughput,
    IReadOnlyList<LagResult> Lag,
    RecoveryResult? Recovery,
    IReadOnlyList<ServiceMemory> Memory)
{
    public const double MemoryTargetMb = 200;

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public IReadOnlyList<TargetCheck> Targets()
    {
        var checks = new List<TargetCheck>();
        // The targets of the performance issue (#15).
        if (Throughput is { } throughput && RawMax is { } raw)
        {
            var ratio = throughput.HighestSustainedRate / raw.DeliveredPerSecond;
            checks.Add(new("throughput: owner writes/s sustained (each reaches the queues of the services that replicate it)",
                throughput.HighestSustainedRate, raw.DeliveredPerSecond, ratio, ">= 30% of raw", ratio >= 0.3));
        }
        foreach (var lag in Lag)
        {
            var rawP99 = lag.RawAtSameRate?.LatencyMs.P99;
            var moderate = lag.Label == ReplicationLagLabels.Moderate;
            checks.Add(new($"replication lag p99 at {lag.TargetRatePerSecond:F0} writes/s, ms ({lag.Label})",
                lag.ReplicationLagMs.P99, rawP99, rawP99 is { } r ? lag.ReplicationLagMs.P99 / r : null,
                moderate ? "<= 30 ms and <= 5x raw" : "-",
                moderate ? lag.ReplicationLagMs.P99 <= 30 && rawP99 is { } p && lag.ReplicationLagMs.P99 / p <= 5 : null));
            if (moderate)
            {
                // The system's own processes: services, broker and database, not the load generator or the wrappers.
                var systemMs = lag.Cpu.CoresByComponent
                    .Where(component => component.Key is not (ProcessSampler.Client or ProcessSampler.Wrappers))
                    .Sum(component => lag.Cpu.MillisecondsPerEvent(component.Key));
                checks.Add(new($"CPU per owner write at {lag.TargetRatePerSecond:F0} writes/s, ms (services, broker, database)",
                    systemMs, null, null, "<= 6 ms", systemMs <= 6));
            }
        }
        if (Recovery is { } recovery)
        {
            checks.Add(new($"recovery drain, events/s ({recovery.Consumer}, {recovery.QueuedAtStart} queued)",
                recovery.DrainPerSecond, null, null, ">= 5000 per consumer", recovery.DrainPerSecond >= 5000));
            checks.Add(new("recovery: consumer start to converged, s", recovery.StartToConvergedSeconds, null, null, "-", null));
        }
        checks.Add(new("cold start (AppHost start to all resources healthy), s", ColdStartSeconds, null, null, "< 30 s", ColdStartSeconds < 30));
        if (Memory.Count > 0)
        {
            var largest = Memory.MaxBy(service => service.LoadPeakMb)!;
            checks.Add(new($"largest service working set under load, MB ({largest.Service})", largest.LoadPeakMb, null, null,
                $"< {MemoryTargetMb:F0} MB each", Memory.All(service => service.LoadPeakMb < MemoryTargetMb)));
        }
        return checks;
    }

    /// <summary>Every phase's CPU profile, in the order the phases ran (the CPU table and its chart).</summary>
    public IReadOnlyList<CpuProfile> CpuProfiles() =>
        Lag.SelectMany(lag => new[] { lag.Cpu, lag.RawCpu }).Prepend(Throughput?.Cpu).Prepend(RawCpu).Prepend(IdleCpu).Prepend(ColdStartCpu).Append(Recovery?.Cpu).Append(IdleAfterLoadCpu).OfType<CpuProfile>().ToList();

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');

        Line($"### Sync benchmark, {MeasuredAt:yyyy-MM-dd HH:mm} UTC{(Quick ? " (quick smoke run: small counts, not a measurement)" : "")}");
        Line();
        Line($"Machine: {Machine}. Load average at start {LoadAverageAtStart}, at end {LoadAverageAtEnd}. RabbitMQ {BrokerVersion}, " +
             $"PostgreSQL and RabbitMQ as local processes (local mode); services, servers and the load generator share the machine. " +
             $"Events are {MessageBytes} bytes of JSON. Command: `{CommandLine}`.");
        Line();
        Line("| measure | system | raw broker | system / raw | target | met |");
        Line("|---|---|---|---|---|---|");
        foreach (var check in Targets())
        {
            Line($"| {check.Measure} | {F(check.System)} | {F(check.Raw)} | {Ratio(check.Ratio)} | {check.Target} | {(check.Met is { } met ? met ? "yes" : "**no**" : "-")} |");
        }

        if (RawMax is { } raw)
        {
            Line();
            Line("#### 1. Raw broker baseline (fanout, 7 quorum queues, 1 confirming publisher, 7 acking consumers)");
            Line();
            Line("| run | messages | published/s | delivered/s (to all 7) | deliveries | latency p50 ms | p95 | p99 | max |");
            Line("|---|---|---|---|---|---|---|---|---|");
            RawRow("flat out (256 unconfirmed at most; latency is mostly queueing)", raw);
            foreach (var lag in Lag.Where(lag => lag.RawAtSameRate is not null))
            {
                RawRow($"at {lag.TargetRatePerSecond:F0}/s", lag.RawAtSameRate!);
            }
        }

        if (Throughput is { } throughput)
        {
            Line();
            Line($"#### 2. System throughput (owner writes through HTTP; highest sustained: {F(throughput.HighestSustainedRate)} writes/s, " +
                 $"{F(throughput.AppliedPerSecondAtHighest)} replica updates applied/s)");
            Line();
            Line("| target/s | achieved/s | writes | failed | replicated | lag p50 ms | p95 | p99 | p50 first -> last quarter | applied/s | verdict |");
            Line("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var step in throughput.Steps)
            {
                Line($"| {F(step.TargetRatePerSecond)} | {F(step.AchievedRatePerSecond)} | {step.Writes} | {step.Failures} | {step.Replicated} | " +
                     $"{F(step.ReplicationLagMs.P50)} | {F(step.ReplicationLagMs.P95)} | {F(step.ReplicationLagMs.P99)} | " +
                     $"{F(step.FirstQuarterLagP50Ms)} -> {F(step.LastQuarterLagP50Ms)} | {F(step.AppliedPerSecond)} | {step.Verdict} |");
            }
        }

        if (Lag.Count > 0)
        {
            Line();
            Line("#### 3. Replication lag (restaurants' commit -> menu's replica applied, engine timestamps)");
            Line();
            Line("| rate | measure | p50 ms | p95 | p99 | max | p99 / raw p99 |");
            Line("|---|---|---|---|---|---|---|");
            foreach (var lag in Lag)
            {
                var rate = $"{lag.Label}: {F(lag.TargetRatePerSecond)}/s ({F(lag.AchievedRatePerSecond)} achieved, {lag.Replicated}/{lag.Writes} replicated)";
                var rawP99 = lag.RawAtSameRate?.LatencyMs.P99;
                LagRow(rate, "replication lag", lag.ReplicationLagMs, rawP99);
                LagRow("", "of which commit -> publish confirmed (relay)", lag.RelayMs, null);
                LagRow("", "of which publish confirmed -> applied (broker + consumer)", lag.ConsumerMs, null);
                LagRow("", "owner write request (HTTP POST)", lag.WriteRequestMs, null);
                if (lag.RawAtSameRate is { } rawAtRate)
                {
                    LagRow("", "raw broker at the same rate: publish -> delivered", rawAtRate.LatencyMs, null);
                }
            }
        }

        if (Recovery is { } recovery)
        {
            Line();
            Line($"#### 4. Recovery ({recovery.Consumer} stopped while {recovery.EventsWritten} events were written at {F(recovery.WritesPerSecond)}/s, then started)");
            Line();
            Line("| queued at start | start -> healthy s | start -> first apply s | drain s | drain events/s | start -> converged s | replicated |");
            Line("|---|---|---|---|---|---|---|");
            Line($"| {recovery.QueuedAtStart} | {F(recovery.StartToHealthySeconds)} | {F(recovery.StartToFirstApplySeconds)} | {F(recovery.DrainSeconds)} | " +
                 $"{F(recovery.DrainPerSecond)} | {F(recovery.StartToConvergedSeconds)} | {recovery.Replicated}/{recovery.EventsWritten} |");
        }

        Line();
        Line($"#### 5. Cold start: {F(ColdStartSeconds)} s (AppHost created to all 16 resources healthy, local mode, projects built)");

        if (Memory.Count > 0)
        {
            Line();
            Line("#### 6. Memory (resident set of each service process, MB; its `dotnet run` wrapper not counted)");
            Line();
            Line("| service | idle peak | under load peak | lifetime peak (VmHWM) |");
            Line("|---|---|---|---|");
            foreach (var service in Memory)
            {
                Line($"| {service.Service} | {F(service.IdlePeakMb)} | {F(service.LoadPeakMb)} | {F(service.LifetimePeakMb)} |");
            }
        }

        var profiles = CpuProfiles();
        if (profiles.Count > 0)
        {
            var components = profiles.SelectMany(profile => profile.CoresByComponent.Keys).Distinct().ToList();
            Line();
            Line("#### Where the CPU went (cores busy on average; CPU ms per replicated event in parentheses)");
            Line();
            Line($"| phase | s | events | machine | {string.Join(" | ", components)} | other processes |");
            Line($"|---|---|---|---|{string.Concat(components.Select(_ => "---|"))}---|");
            foreach (var profile in profiles)
            {
                var cells = components.Select(component =>
                    $"{F(profile.CoresByComponent.GetValueOrDefault(component), "F2")} ({F(profile.MillisecondsPerEvent(component))})");
                Line($"| {profile.Phase} | {F(profile.Seconds)} | {profile.Events} | {F(profile.MachineCores, "F2")} | {string.Join(" | ", cells)} | {F(profile.OtherCores, "F2")} |");
            }
        }
        return md.ToString();

        void RawRow(string label, RawRun run) =>
            Line($"| {label} | {run.Messages} | {F(run.PublishedPerSecond)} | {F(run.DeliveredPerSecond)} | {run.Deliveries}/{run.ExpectedDeliveries} | " +
                 $"{F(run.LatencyMs.P50)} | {F(run.LatencyMs.P95)} | {F(run.LatencyMs.P99)} | {F(run.LatencyMs.Max)} |");

        void LagRow(string rate, string measure, Percentiles values, double? rawP99) =>
            Line($"| {rate} | {measure} | {F(values.P50)} | {F(values.P95)} | {F(values.P99)} | {F(values.Max)} | {Ratio(rawP99 is { } r ? values.P99 / r : null)} |");
    }

    static string F(double? value, string format = "F1") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    static string Ratio(double? ratio) =>
        ratio is { } r && double.IsFinite(r)
            ? r < 1 ? (r * 100).ToString("F0", CultureInfo.InvariantCulture) + "%" : r.ToString("F1", CultureInfo.InvariantCulture) + "x"
            : "-";

    public async Task SaveAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var stamp = MeasuredAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var json = Path.Combine(directory, $"sync-benchmark-{stamp}.json");
        await File.WriteAllTextAsync(json, ToJson());
        await WriteMarkdownAndChartsAsync(json);
        Console.WriteLine($"Saved {Path.GetFullPath(json)} (and .md, charts)");
    }

    /// <summary>The Markdown and the charts beside a report's JSON, with the same name (charts: <c>-lag.svg</c> etc.).</summary>
    public async Task WriteMarkdownAndChartsAsync(string jsonPath)
    {
        var charts = BenchmarkCharts.Draw(this, Path.ChangeExtension(jsonPath, null));
        await File.WriteAllTextAsync(Path.ChangeExtension(jsonPath, ".md"), ToMarkdown() + BenchmarkCharts.Markdown(charts));
    }

    /// <summary>The saved JSON: the report and the target checks it implies.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { Report = this, Targets = Targets() }, Json);

    /// <summary>A report saved by <see cref="SaveAsync"/>, read back (its <c>Targets</c> are recomputed, not read).</summary>
    public static BenchmarkReport FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Report").Deserialize<BenchmarkReport>(Json)
               ?? throw new JsonException("The JSON holds no Report.");
    }
}
