namespace FoodDelivery.Benchmarks;

/// <summary>
/// Owner writes (restaurants created through the HTTP API) at Poisson arrival times (fixed seed, open loop, each
/// timed from when it was due); replication lag is the engine's own timestamps: each consumer's inbox apply time
/// minus restaurants' commit time, for every service that replicates restaurants. The raw broker (same topology)
/// then runs at the same rate, on the same arrival schedule, for comparison.
/// </summary>
public static class ReplicationLagBenchmark
{
    public static async Task<LagResult> RunAsync(
        BenchmarkSystem system, OwnerWrites writes, ProcessSampler sampler, RawBrokerBaseline? raw, StatementCounts? statements,
        string label, int count, double ratePerSecond)
    {
        Console.WriteLine($"Lag ({label}): {count} writes at {ratePerSecond:F0}/s (Poisson)...");
        if (statements is not null)
        {
            await statements.ResetAsync();
        }
        var before = sampler.MarkCpu();
        var run = await WriteLoad.RunAsync(writes, count, ratePerSecond, Arrivals.Poisson);
        var byConsumer = await ReplicationTimes.WaitForConsumersAsync(system, RawTopology.Consumers, run.Ids, TimeSpan.FromMinutes(2));
        // Per owner write: what one write costs the whole machine, its three deliveries included.
        var cpu = ProcessSampler.Between(label, before, sampler.MarkCpu(), run.Ids.Count);
        var statementProfile = statements is null ? null : await statements.ReadAsync(label, run.Ids.Count);

        RawRun? rawRun = null;
        CpuProfile? rawCpu = null;
        if (raw is not null)
        {
            // At most ten seconds of raw traffic: enough for stable percentiles at these rates.
            var messages = (int)Math.Min(count, ratePerSecond * 10);
            var beforeRaw = sampler.MarkCpu();
            rawRun = await raw.RunAsync(messages, ratePerSecond, Arrivals.Poisson);
            // The broker's CPU per message at the same rate as the system's: its share without the engine.
            rawCpu = ProcessSampler.Between($"raw broker at {ratePerSecond:F0}/s (events: messages)", beforeRaw, sampler.MarkCpu(), messages);
        }
        var all = byConsumer.Values.SelectMany(timelines => timelines).ToList();
        var relayed = all.Where(t => !double.IsNaN(t.SentMs)).ToList();
        return new LagResult(label, count, ratePerSecond, run.AchievedPerSecond, run.Failures,
            // Writes every consumer applied.
            byConsumer.Values.Select(timelines => timelines.Count).DefaultIfEmpty(0).Min(),
            Percentiles.Of(all.Select(t => t.LagMs).ToList()),
            Percentiles.Of(relayed.Select(t => t.RelayMs).ToList()),
            Percentiles.Of(relayed.Select(t => t.ConsumerMs).ToList()),
            Percentiles.Of(run.RequestMs), rawRun, cpu, rawCpu,
            byConsumer.ToDictionary(pair => pair.Key, pair => Percentiles.Of(pair.Value.Select(t => t.LagMs).ToList())),
            Arrivals.Poisson.Name, statementProfile);
    }
}
