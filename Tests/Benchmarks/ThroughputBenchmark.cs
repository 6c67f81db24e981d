namespace FoodDelivery.Benchmarks;

/// <summary>
/// Owner writes at increasing rates, each for a fixed time. A rate is sustained when the writes
/// went through (at least 90% of the target rate, at most 1% failed), menu applied every one of
/// them within <see cref="DrainAllowance"/> of the last write, the lag did not grow during the
/// step (the median lag of its last quarter of writes at most 1.5 times that of its first quarter
/// plus 100 ms: a queue that builds up makes it grow linearly), and its p95 stayed under a second
/// (a backlog of a second's worth of events is not keeping up, whatever its trend). A failed step is repeated once (the
/// machine is shared and noisy); a second failure ends the ramp.
/// </summary>
public static class ThroughputBenchmark
{
    const double MaxLagP95Ms = 1000;
    static readonly TimeSpan DrainAllowance = TimeSpan.FromSeconds(10);

    public static async Task<ThroughputResult> RunAsync(
        BenchmarkSystem system, OwnerWrites writes, QueueDepths queues, ProcessSampler sampler, BenchmarkSettings settings)
    {
        var steps = new List<ThroughputStep>();
        var before = sampler.MarkCpu();
        var events = 0;
        foreach (var rate in settings.RampRates)
        {
            var step = await StepAsync(system, writes, rate, settings.RampStep);
            steps.Add(step);
            events += step.Replicated;
            if (!step.Sustained)
            {
                Console.WriteLine($"  {rate}/s not sustained ({step.Verdict}); repeating once.");
                await SettleAsync(system, queues);
                step = await StepAsync(system, writes, rate, settings.RampStep);
                steps.Add(step);
                events += step.Replicated;
                if (!step.Sustained)
                {
                    break;
                }
            }
            await SettleAsync(system, queues);
        }
        // The last, unsustained step left a backlog: the lag runs after the ramp must not inherit it.
        await SettleAsync(system, queues);
        var cpu = ProcessSampler.Between("throughput ramp", before, sampler.MarkCpu(), events);
        var best = steps.Where(step => step.Sustained).MaxBy(step => step.TargetRatePerSecond);
        return new ThroughputResult(steps, best?.TargetRatePerSecond ?? 0, best?.AppliedPerSecond ?? 0, cpu);
    }

    static async Task<ThroughputStep> StepAsync(BenchmarkSystem system, OwnerWrites writes, int rate, TimeSpan duration)
    {
        var count = (int)(rate * duration.TotalSeconds);
        Console.WriteLine($"Throughput: {count} writes at {rate}/s...");
        var run = await WriteLoad.RunAsync(writes, count, rate);
        var timelines = await ReplicationTimes.WaitForMenuAsync(system, run.Ids, DrainAllowance);
        var (applied, spanMs) = await ReplicationTimes.AppliedEverywhereAsync(system, run.Ids);

        var lag = Percentiles.Of(timelines.Select(t => t.LagMs).ToList());
        var quarter = Math.Max(1, timelines.Count / 4);
        var first = Percentiles.Of(timelines.Take(quarter).Select(t => t.LagMs).ToList()).P50;
        var last = Percentiles.Of(timelines.TakeLast(quarter).Select(t => t.LagMs).ToList()).P50;
        var verdict =
            run.AchievedPerSecond < 0.9 * rate ? $"writes reached only {run.AchievedPerSecond:F0}/s"
            : run.Failures > count / 100 ? $"{run.Failures} writes failed ({run.FirstFailure})"
            : timelines.Count < run.Ids.Count ? $"{run.Ids.Count - timelines.Count} not replicated {DrainAllowance.TotalSeconds:F0} s after the last write"
            : last > 1.5 * first + 100 ? $"lag grew from {first:F0} to {last:F0} ms (p50, first to last quarter)"
            : lag.P95 > MaxLagP95Ms ? $"lag p95 {lag.P95:F0} ms"
            : "bounded";
        return new ThroughputStep(rate, run.AchievedPerSecond, count, run.Failures, timelines.Count,
            lag, first, last,
            applied / (spanMs / 1000), verdict == "bounded", verdict);
    }

    /// <summary>Lets what a step left behind (outbox, queues) drain before the next one starts.</summary>
    static async Task SettleAsync(BenchmarkSystem system, QueueDepths queues)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ReplicationTimes.PendingOutboxAsync(system) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }
        await queues.WaitAllEmptyAsync(deadline - DateTime.UtcNow);
        await Task.Delay(TimeSpan.FromSeconds(2));
    }
}
