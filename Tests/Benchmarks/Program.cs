using FoodDelivery.Benchmarks;

// dotnet run --project Tests/Benchmarks -c Release -- [--quick] [--sections raw,throughput,lag,recovery]
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
await using var raw = settings.Runs("raw") ? await RawBrokerBaseline.StartAsync(await system.ConnectionStringAsync("messaging"), payload) : null;
RawRun? rawMax = null;
CpuProfile? rawCpu = null;
if (raw is not null)
{
    Console.WriteLine($"Raw baseline: {settings.RawMessages} messages flat out...");
    await raw.RunAsync(Math.Min(1000, settings.RawMessages), 0); // its own warm-up
    var beforeRaw = sampler.MarkCpu();
    rawMax = await raw.RunAsync(settings.RawMessages, 0);
    rawCpu = ProcessSampler.Between("raw baseline flat out (events: messages)", beforeRaw, sampler.MarkCpu(), settings.RawMessages);
}

sampler.Phase = ProcessSampler.Load;
ThroughputResult? throughput = settings.Runs("throughput")
    ? await ThroughputBenchmark.RunAsync(system, writes, queues, sampler, settings)
    : null;

var lag = new List<LagResult>();
if (settings.Runs("lag"))
{
    lag.Add(await ReplicationLagBenchmark.RunAsync(system, writes, sampler, raw, ReplicationLagLabels.Moderate,
        settings.LagWrites, settings.LagRatePerSecond));
    if (throughput is { HighestSustainedRate: > 0 } ramp)
    {
        var nearLimit = Math.Round(0.8 * ramp.HighestSustainedRate);
        await queues.WaitAllEmptyAsync(TimeSpan.FromSeconds(30));
        lag.Add(await ReplicationLagBenchmark.RunAsync(system, writes, sampler, raw, ReplicationLagLabels.NearLimit,
            (int)(nearLimit * settings.LagSeconds), nearLimit));
    }
}

RecoveryResult? recovery = null;
if (settings.Runs("recovery"))
{
    await queues.WaitAllEmptyAsync(TimeSpan.FromSeconds(30));
    recovery = await RecoveryBenchmark.RunAsync(system, writes, queues, sampler, settings.RecoveryEvents, settings.Replicas);
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
    system.ColdStart.TotalSeconds, coldStartCpu, idleCpu, restCpu, payload.Length, rawMax, rawCpu, throughput, lag, recovery, sampler.Memory());
Console.WriteLine();
Console.WriteLine(report.ToMarkdown());
await report.SaveAsync(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "results"));
