namespace FoodDelivery.Benchmarks;

/// <summary>
/// Owner writes (restaurants created through the HTTP API) at a fixed rate; replication lag is
/// the engine's own timestamps: menu's inbox apply time minus restaurants' commit time. The raw
/// broker then runs at the same rate for comparison.
/// </summary>
public static class ReplicationLagBenchmark
{
    public static async Task<LagResult> RunAsync(
        BenchmarkSystem system, OwnerWrites writes, ProcessSampler sampler, RawBrokerBaseline? raw,
        string label, int count, double ratePerSecond)
    {
        Console.WriteLine($"Lag ({label}): {count} writes at {ratePerSecond:F0}/s...");
        var before = sampler.MarkCpu();
        var run = await WriteLoad.RunAsync(writes, count, ratePerSecond);
        var timelines = await ReplicationTimes.WaitForMenuAsync(system, run.Ids, TimeSpan.FromMinutes(2));
        var cpu = ProcessSampler.Between(label, before, sampler.MarkCpu(), timelines.Count);

        RawRun? rawRun = null;
        CpuProfile? rawCpu = null;
        if (raw is not null)
        {
            // At most ten seconds of raw traffic: enough for stable percentiles at these rates.
            var messages = (int)Math.Min(count, ratePerSecond * 10);
            var beforeRaw = sampler.MarkCpu();
            rawRun = await raw.RunAsync(messages, ratePerSecond);
            // The broker's CPU per message at the same rate as the system's: its share without the engine.
            rawCpu = ProcessSampler.Between($"raw broker at {ratePerSecond:F0}/s (events: messages)", beforeRaw, sampler.MarkCpu(), messages);
        }
        return new LagResult(label, count, ratePerSecond, run.AchievedPerSecond, run.Failures, timelines.Count,
            Percentiles.Of(timelines.Select(t => t.LagMs).ToList()),
            Percentiles.Of(timelines.Where(t => !double.IsNaN(t.SentMs)).Select(t => t.RelayMs).ToList()),
            Percentiles.Of(timelines.Where(t => !double.IsNaN(t.SentMs)).Select(t => t.ConsumerMs).ToList()),
            Percentiles.Of(run.RequestMs), rawRun, cpu, rawCpu);
    }
}
