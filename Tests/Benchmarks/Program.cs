using FoodDelivery.Benchmarks;

// dotnet run --project Tests/Benchmarks -c Release -- [--quick] [--sections raw,throughput,lag,recovery] [--raw-topology old|same|both] [--runs 3]
// dotnet run --project Tests/Benchmarks -c Release -- --clusters 2 [--writes 2000] [--rate 100]   (cross-cluster lag only)
//     [--replicas N] [--service-env NAME=VALUE ...] [--writes 2000] [--rate 100] [--raw-messages 20000] [--ramp 50,100,...] [--step-seconds 10] [--recovery-events 10000]
// dotnet run --project Tests/Benchmarks -c Release -- --charts-from <results/sync-benchmark-....json>   (redraw only)
if (args is [ChartsFromSavedReport.Option, var savedReport])
{
    Environment.ExitCode = await ChartsFromSavedReport.RunAsync(savedReport);
    return;
}
var settings = BenchmarkSettings.Parse(args);
if (settings.Clusters == 2)
{
    await CrossClusterLagBenchmark.RunAsync(settings);
    return;
}
var loadAtStart = ProcessTable.LoadAverage();
var pressureAtStart = ProcessTable.CpuPressure();
Console.WriteLine($"Starting the AppHost (local mode)... load average {loadAtStart}");
var beforeStart = ProcessSampler.Origin();
await using var system = await BenchmarkSystem.StartAsync(settings.ServiceEnvironment, replicas: settings.Replicas);
Console.WriteLine($"All resources healthy in {system.ColdStart.TotalSeconds:F1} s.");
await using var sampler = new ProcessSampler(system);
// Every process of this run started during the cold start, so its CPU time so far is the start's cost.
var coldStartCpu = ProcessSampler.Between("cold start (events: none)", beforeStart, sampler.MarkCpu(), events: 0);
await using var queues = await QueueDepths.ConnectAsync(system);
using var writes = await OwnerWrites.SignInAsync(system);

// Idle first: memory of services that have only started.
sampler.Phase = ProcessSampler.Idle;
var beforeIdle = sampler.MarkCpu();
await Task.Delay(settings.IdleWindow);
// What the services burn doing nothing (health probes, metrics, relay polls): subtract it from the loaded phases.
var idleCpu = ProcessSampler.Between("idle (events: none)", beforeIdle, sampler.MarkCpu(), events: 0);

// Warm up connections and JIT so the first measured writes do not measure start-up; this also
// gives the raw baseline a real event body to copy.
sampler.Phase = ProcessSampler.Load;
await WriteLoad.RunAsync(writes, 50, ratePerSecond: 25);
await queues.WaitAllEmptyAsync(TimeSpan.FromSeconds(30));
var payload = await ReplicationTimes.SamplePayloadAsync(system);

sampler.Phase = null;
var statements = await StatementCounts.EnableAsync(system);
var noise = new NoiseGuard(sampler, settings.RepeatNoisySections);
async Task SettleAsync() => await queues.WaitAllEmptyAsync(TimeSpan.FromSeconds(30));

// The raw baselines: the same topology as the measured event type's first (the denominator), the old one after it.
var baselines = new List<RawBrokerBaseline>();
if (settings.Runs("raw"))
{
    foreach (var topology in settings.RawTopologies)
    {
        var baseline = await RawBrokerBaseline.StartAsync(await system.ConnectionStringAsync("messaging"), payload, topology);
        baselines.Add(baseline);
        await baseline.RunAsync(Math.Min(1000, settings.RawMessages), 0); // its own warm-up
    }
}
var raw = baselines.FirstOrDefault();

RawRun? rawMax = null;
RawRun? rawMaxOld = null;
CpuProfile? rawCpu = null;
ThroughputResult? throughput = null;
var lag = new List<LagResult>();
RecoveryResult? recovery = null;
var runs = new List<RunFigures>();
// Interleaved (raw, system, raw, system, ...) so that a slow spell of the shared machine touches both sides.
for (var run = 1; run <= settings.RunCount; run++)
{
    var suffix = settings.RunCount > 1 ? $" (run {run} of {settings.RunCount})" : "";
    sampler.Phase = null;
    rawMax = rawMaxOld = null;
    foreach (var baseline in baselines)
    {
        Console.WriteLine($"Raw baseline ({baseline.Topology.Description}): {settings.RawMessages} messages flat out{suffix}...");
        var (flatOut, cpu) = await noise.RunAsync($"raw {baseline.Topology.Name}", run, async () =>
        {
            var beforeRaw = sampler.MarkCpu();
            var result = await baseline.RunAsync(settings.RawMessages, 0);
            return (result, ProcessSampler.Between($"raw baseline flat out, {baseline.Topology.Description} (events: messages)", beforeRaw, sampler.MarkCpu(), settings.RawMessages));
        });
        if (baseline == raw)
        {
            (rawMax, rawCpu) = (flatOut, cpu);
        }
        else
        {
            rawMaxOld = flatOut;
        }
    }

    sampler.Phase = ProcessSampler.Load;
    throughput = settings.Runs("throughput")
        ? await noise.RunAsync("throughput", run, () => ThroughputBenchmark.RunAsync(system, writes, queues, sampler, settings), SettleAsync)
        : null;

    lag = [];
    if (settings.Runs("lag"))
    {
        await SettleAsync();
        lag.Add(await noise.RunAsync("lag at 100/s", run, () => ReplicationLagBenchmark.RunAsync(system, writes, sampler, raw, statements,
            ReplicationLagLabels.Moderate, settings.LagWrites, settings.LagRatePerSecond), SettleAsync));
        if (throughput is { HighestSustainedRate: > 0 } ramp)
        {
            var nearLimit = Math.Round(0.8 * ramp.HighestSustainedRate);
            await SettleAsync();
            lag.Add(await noise.RunAsync("lag near the limit", run, () => ReplicationLagBenchmark.RunAsync(system, writes, sampler, raw, statements,
                ReplicationLagLabels.NearLimit, (int)(nearLimit * settings.LagSeconds), nearLimit), SettleAsync));
        }
    }

    recovery = null;
    if (settings.Runs("recovery"))
    {
        await SettleAsync();
        recovery = await noise.RunAsync("recovery", run,
            () => RecoveryBenchmark.RunAsync(system, writes, queues, sampler, settings.RecoveryEvents, settings.Replicas), SettleAsync);
    }
    runs.Add(RunFigures.Of(run, rawMax, rawMaxOld, throughput, lag.FirstOrDefault(l => l.Label == ReplicationLagLabels.Moderate), recovery));
}
foreach (var baseline in baselines)
{
    await baseline.DisposeAsync();
}
sampler.Phase = null;

// Idle again, now that start-up (JIT, migrations, first probes) is long over: what the services
// cost when nothing happens.
await queues.WaitAllEmptyAsync(TimeSpan.FromSeconds(30));
var beforeRest = sampler.MarkCpu();
await Task.Delay(settings.IdleWindow);
var restCpu = ProcessSampler.Between("idle after load (events: none)", beforeRest, sampler.MarkCpu(), events: 0);

var report = new BenchmarkReport(DateTimeOffset.UtcNow, ProcessTable.MachineDescription(), loadAtStart, ProcessTable.LoadAverage(),
    queues.BrokerVersion, "dotnet run --project Tests/Benchmarks -c Release" + (args.Length > 0 ? " -- " + string.Join(' ', args) : ""), settings.Quick,
    system.ColdStart.TotalSeconds, coldStartCpu, idleCpu, restCpu, payload.Length, rawMax, rawCpu, throughput, lag, recovery, sampler.Memory())
{
    RawMaxOldTopology = rawMaxOld,
    Runs = runs,
    Noise = noise.Sections,
    PressureAtStart = pressureAtStart,
};
Console.WriteLine();
Console.WriteLine(report.ToMarkdown());
await report.SaveAsync(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "results"));
