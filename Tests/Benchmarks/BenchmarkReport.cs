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
    public const double IdleMemoryTargetMb = 150;
    public const double CpuTargetMsPerWrite = 6;

    /// <summary>The old baseline's flat-out run (seven queues, prefetch 32) when <c>--raw-topology both</c>; null otherwise.</summary>
    public RawRun? RawMaxOldTopology { get; init; }

    /// <summary>Each run's headline figures (<c>--runs N</c>); empty in reports saved before issue 31.</summary>
    public IReadOnlyList<RunFigures> Runs { get; init; } = [];

    /// <summary>How quiet the machine was for each section (empty in reports saved before issue 31).</summary>
    public IReadOnlyList<SectionNoise> Noise { get; init; } = [];

    /// <summary>CPU pressure (some avg10, %) when the run started.</summary>
    public double? PressureAtStart { get; init; }

    /// <summary>The figures the targets judge: the median of the runs, or this report's own sections for one saved before issue 31.</summary>
    public RunFigures Headline() =>
        Runs.Count > 0 ? RunFigures.Median(Runs)
            : RunFigures.Of(1, RawMax, RawMaxOldTopology, Throughput, Lag.FirstOrDefault(lag => lag.Label == ReplicationLagLabels.Moderate), Recovery);

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Issue 31's targets, each met or not with its figure (medians when there were several runs).</summary>
    public IReadOnlyList<TargetCheck> Targets()
    {
        var checks = new List<TargetCheck>();
        var figures = Headline();
        var median = Runs.Count > 1 ? $", median of {Runs.Count} runs" : "";
        var moderate = Lag.FirstOrDefault(lag => lag.Label == ReplicationLagLabels.Moderate);
        var rate = moderate?.TargetRatePerSecond ?? 100;
        checks.Add(new($"CPU per owner write at {rate:F0} writes/s, ms, all the system's processes (services, broker, database; " +
                       $"{F(figures.AllCpuMsPerWrite)} with the load generator and orchestrator){median}",
            figures.SystemCpuMsPerWrite, null, null, $"<= {CpuTargetMsPerWrite:F0} ms", Judge(figures.SystemCpuMsPerWrite, value => value <= CpuTargetMsPerWrite)));
        var rawLabel = RawMax?.DescribeTopology() ?? "raw";
        var drainConsumer = Recovery?.Consumer ?? "menu";
        checks.Add(new($"recovery drain, events/s ({drainConsumer}){median}",
            figures.DrainPerSecond, null, null, ">= 10000", Judge(figures.DrainPerSecond, value => value >= 10000)));
        var lagRatio = figures.LagP99Ms / figures.RawP99AtSameRateMs;
        checks.Add(new($"replication lag p99 at {rate:F0} writes/s, ms ({(moderate?.LagByConsumer is null ? "menu" : "every consumer")}; raw: {rawLabel}{(moderate?.Arrivals is { } arrivals ? $", the same {arrivals} schedule" : "")}){median}",
            figures.LagP99Ms, Finite(figures.RawP99AtSameRateMs), Finite(lagRatio), "<= 3x raw p99", Judge(lagRatio, value => value <= 3)));
        var throughputRatio = figures.SustainedWritesPerSecond / figures.RawDeliveredPerSecond;
        checks.Add(new($"sustained owner writes/s against raw msg/s ({rawLabel}){median}",
            figures.SustainedWritesPerSecond, Finite(figures.RawDeliveredPerSecond), Finite(throughputRatio), ">= 40% of raw",
            Judge(throughputRatio, value => value >= 0.4)));
        if (Memory.Count > 0)
        {
            var largest = Memory.MaxBy(service => service.LoadPeakMb)!;
            checks.Add(new($"largest service working set under load, MB ({largest.Service})", largest.LoadPeakMb, null, null,
                $"< {MemoryTargetMb:F0} MB each", Memory.All(service => service.LoadPeakMb < MemoryTargetMb)));
            var largestIdle = Memory.MaxBy(service => service.IdlePeakMb)!;
            checks.Add(new($"largest service working set idle, MB ({largestIdle.Service})", largestIdle.IdlePeakMb, null, null,
                $"< {IdleMemoryTargetMb:F0} MB each", Memory.All(service => service.IdlePeakMb < IdleMemoryTargetMb)));
        }
        checks.Add(new("cold start (AppHost start to all resources healthy), s", ColdStartSeconds, null, null, "-", null));
        return checks;
    }

    static bool? Judge(double value, Func<double, bool> met) => double.IsFinite(value) ? met(value) : null;

    static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Every phase's CPU profile, in the order the phases ran (the CPU table and its chart).</summary>
    public IReadOnlyList<CpuProfile> CpuProfiles() =>
        Lag.SelectMany(lag => new[] { lag.Cpu, lag.RawCpu }).Prepend(Throughput?.Cpu).Prepend(RawCpu).Prepend(IdleCpu).Prepend(ColdStartCpu).Append(Recovery?.Cpu).Append(IdleAfterLoadCpu).OfType<CpuProfile>().ToList();

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');

        Line($"### Sync benchmark, {MeasuredAt:yyyy-MM-dd HH:mm} UTC{(Quick ? " (quick smoke run: small counts, not a measurement)" : "")}");
        Line();
        Line($"Machine: {Machine}. Load average at start {LoadAverageAtStart}, at end {LoadAverageAtEnd}; CPU pressure (some avg10) at start " +
             $"{F(PressureAtStart)}%. RabbitMQ {BrokerVersion}, " +
             $"PostgreSQL and RabbitMQ as local processes (local mode); services, servers and the load generator share the machine. " +
             $"Events are {MessageBytes} bytes of JSON. Command: `{CommandLine}`.");
        var moderate = Lag.FirstOrDefault(lag => lag.Label == ReplicationLagLabels.Moderate);
        if (moderate is not null)
        {
            // The primary figure: CPU is far steadier than wall-clock figures on a shared machine.
            var cpu = moderate.Cpu;
            Line();
            Line($"#### CPU per owner write at {F(moderate.TargetRatePerSecond)} writes/s ({cpu.Events} writes, {F(cpu.Seconds)} s; " +
                 $"each write reaches {RawTopology.Consumers.Count} consumers: {string.Join(", ", RawTopology.Consumers)}" +
                 (Runs.Count > 1 ? $"; the last of {Runs.Count} runs, the targets take the median)" : ")"));
            Line();
            Line("| process | CPU ms per write | cores busy |");
            Line("|---|---|---|");
            foreach (var (component, cores) in cpu.CoresByComponent.OrderByDescending(pair => pair.Value))
            {
                Line($"| {component} | {F(cpu.MillisecondsPerEvent(component), "F2")} | {F(cores, "F2")} |");
            }
            Line($"| **the system (services, broker, database)** | **{F(RunFigures.CpuMsPerWrite(cpu, RunFigures.IsSystemProcess), "F2")}** | |");
            Line($"| all processes of this run | {F(RunFigures.CpuMsPerWrite(cpu, _ => true), "F2")} | {F(cpu.CoresByComponent.Values.Sum(), "F2")} |");
            Line($"| (outside this run: other sessions) | | {F(cpu.OtherCores, "F2")} |");
            if (moderate.Statements is { } statements)
            {
                Line();
                Line($"Statements per write: **{F(statements.StatementsPerWrite)}** ({statements.Calls} in the seven databases, pg_stat_statements; " +
                     $"`BEGIN`/`COMMIT`/`DISCARD ALL` included); round trips per write at most that (batched statements are not told apart); " +
                     $"transactions per write {F(statements.TransactionsPerWrite)}. By database: " +
                     string.Join(", ", statements.CallsByDatabase.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {F((double)pair.Value / statements.Writes)}")) + ".");
                Line();
                Line("| database | calls | per write | rows | statement |");
                Line("|---|---|---|---|---|");
                foreach (var statement in statements.Top)
                {
                    Line($"| {statement.Database} | {statement.Calls} | {F((double)statement.Calls / statements.Writes, "F2")} | {statement.Rows} | `{statement.Query.Replace("|", "\\|", StringComparison.Ordinal)}` |");
                }
            }
        }
        Line();
        Line("#### Targets (issue 31)");
        Line();
        Line("| measure | system | raw broker | system / raw | target | met |");
        Line("|---|---|---|---|---|---|");
        foreach (var check in Targets())
        {
            Line($"| {check.Measure} | {F(check.System)} | {F(check.Raw)} | {Ratio(check.Ratio)} | {check.Target} | {(check.Met is false ? "**not met**" : check.Verdict)} |");
        }
        if (Runs.Count > 1)
        {
            Line();
            Line("#### Runs (interleaved: raw, system, raw, system, ...)");
            Line();
            Line("| run | raw msg/s | raw msg/s (old topology) | sustained writes/s | lag p99 ms | raw p99 ms | CPU ms/write (system) | (all) | statements/write | transactions/write | drain/s |");
            Line("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var figures in Runs.Append(RunFigures.Median(Runs)))
            {
                Line($"| {(figures.Run == 0 ? "**median**" : figures.Run.ToString(CultureInfo.InvariantCulture))} | {F(figures.RawDeliveredPerSecond)} | {F(figures.RawOldDeliveredPerSecond)} | " +
                     $"{F(figures.SustainedWritesPerSecond)} | {F(figures.LagP99Ms)} | {F(figures.RawP99AtSameRateMs)} | {F(figures.SystemCpuMsPerWrite, "F2")} | " +
                     $"{F(figures.AllCpuMsPerWrite, "F2")} | {F(figures.StatementsPerWrite)} | {F(figures.TransactionsPerWrite, "F2")} | {F(figures.DrainPerSecond)} |");
            }
        }
        if (Noise.Count > 0)
        {
            Line();
            Line($"#### Noise (noisy: CPU pressure >= {NoiseGuard.PressureBeforeLimit:F0}% just before, or >= {NoiseGuard.OutsideCoresLimit:F2} cores busy outside this run during)");
            Line();
            Line("| run | section | pressure before % | pressure during, max % | cores outside this run | repeated | verdict |");
            Line("|---|---|---|---|---|---|---|");
            foreach (var section in Noise)
            {
                Line($"| {section.Run} | {section.Section} | {F(section.PressureBefore)} | {F(section.PressureDuringMax)} | {F(section.OutsideCores, "F2")} | " +
                     $"{(section.Repeated ? "yes" : "no")} | {(section.Noisy ? "**noisy**" : "quiet")} |");
            }
        }

        if (RawMax is { } raw)
        {
            Line();
            Line($"#### 1. Raw broker baseline (fanout to quorum queues, 1 confirming publisher, 1 acking consumer per queue; {raw.DescribeTopology()})");
            Line();
            Line("| run | messages | published/s | delivered/s (to all queues) | deliveries | latency p50 ms | p95 | p99 | max |");
            Line("|---|---|---|---|---|---|---|---|---|");
            RawRow($"flat out, {raw.DescribeTopology()} (256 unconfirmed at most; latency is mostly queueing)", raw);
            if (RawMaxOldTopology is { } old)
            {
                RawRow($"flat out, {old.DescribeTopology()}: the denominator of the tables before issue 31", old);
            }
            foreach (var lag in Lag.Where(lag => lag.RawAtSameRate is not null))
            {
                RawRow($"at {lag.TargetRatePerSecond:F0}/s{(lag.Arrivals is { } arrivals ? $" ({arrivals})" : "")}", lag.RawAtSameRate!);
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
            var consumers = Lag.Any(lag => lag.LagByConsumer is not null) ? "every consumer's replica" : "menu's replica";
            Line($"#### 3. Replication lag (restaurants' commit -> {consumers} applied, engine timestamps; writes timed from when they were due)");
            Line();
            Line("| rate | measure | p50 ms | p95 | p99 | max | p99 / raw p99 |");
            Line("|---|---|---|---|---|---|---|");
            foreach (var lag in Lag)
            {
                var rate = $"{lag.Label}: {F(lag.TargetRatePerSecond)}/s ({F(lag.AchievedRatePerSecond)} achieved, {lag.Replicated}/{lag.Writes} replicated)";
                var rawP99 = lag.RawAtSameRate?.LatencyMs.P99;
                LagRow(rate + (lag.Arrivals is { } arrivals ? $", {arrivals} arrivals" : ""), "replication lag" + (lag.LagByConsumer is null ? "" : ", all consumers"), lag.ReplicationLagMs, rawP99);
                foreach (var (consumer, consumerLag) in lag.LagByConsumer ?? new Dictionary<string, Percentiles>())
                {
                    LagRow("", $"replication lag, {consumer}", consumerLag, rawP99);
                }
                LagRow("", "of which commit -> publish confirmed (relay)", lag.RelayMs, null);
                LagRow("", "of which publish confirmed -> applied (broker + consumer)", lag.ConsumerMs, null);
                LagRow("", "owner write request (HTTP POST)", lag.WriteRequestMs, null);
                if (lag.RawAtSameRate is { } rawAtRate)
                {
                    LagRow("", lag.RawAtSameRate.Topology is null ? "raw broker at the same rate: publish -> delivered" : "raw broker at the same rate: due -> delivered", rawAtRate.LatencyMs, null);
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
            Line("#### Where the CPU went (cores busy on average; CPU ms per event in parentheses: owner writes in the lag runs, replicated events elsewhere)");
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
