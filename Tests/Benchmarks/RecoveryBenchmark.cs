using System.Diagnostics;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Stops menu through the AppHost's own command, writes restaurants as fast as the owner accepts
/// them until that many RestaurantChanged events wait in menu's queue, starts menu again and
/// measures its drain from its inbox timestamps.
/// </summary>
public static class RecoveryBenchmark
{
    const string Consumer = "menu";

    public static async Task<RecoveryResult> RunAsync(
        BenchmarkSystem system, OwnerWrites writes, QueueDepths queues, ProcessSampler sampler, int events, int replicas = 1)
    {
        // Scaled out, the stop and start commands reach every replica: the drain then has that many consumers.
        var consumers = replicas == 1 ? Consumer : $"{Consumer}, {replicas} consumers";
        Console.WriteLine($"Recovery: stopping {Consumer}, writing {events} restaurants...");
        await system.StopAsync(Consumer);
        var run = await WriteLoad.RunAsync(writes, events, ratePerSecond: 0);

        // Everything published and queued before the consumer comes back.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await ReplicationTimes.PendingOutboxAsync(system) > 0 || await queues.ReadyAsync(Consumer) < run.Ids.Count)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }
        long queued = await queues.ReadyAsync(Consumer);
        Console.WriteLine($"Recovery: {queued} events queued for {Consumer}; starting it...");

        var before = sampler.MarkCpu();
        var startedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        await system.StartAsync(Consumer);
        var healthy = system.WaitHealthyAsync(Consumer, TimeSpan.FromMinutes(2)).ContinueWith(_ => clock.Elapsed.TotalSeconds, TaskScheduler.Default);

        deadline = DateTime.UtcNow.AddMinutes(5);
        while (await queues.ReadyAsync(Consumer) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        var timelines = await ReplicationTimes.WaitForMenuAsync(system, run.Ids, TimeSpan.FromSeconds(30));
        var cpu = ProcessSampler.Between("recovery drain (menu start-up included)", before, sampler.MarkCpu(), timelines.Count);

        var firstApplied = timelines.Count > 0 ? timelines.Min(t => t.AppliedMs) : double.NaN;
        var lastApplied = timelines.Count > 0 ? timelines.Max(t => t.AppliedMs) : double.NaN;
        var drainSeconds = (lastApplied - firstApplied) / 1000;
        return new RecoveryResult(consumers, run.Ids.Count, run.AchievedPerSecond, queued,
            await healthy,
            (firstApplied - startedAtMs) / 1000,
            drainSeconds,
            timelines.Count / drainSeconds,
            (lastApplied - startedAtMs) / 1000,
            timelines.Count, cpu);
    }
}
