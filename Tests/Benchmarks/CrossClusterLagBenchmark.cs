using System.Globalization;
using System.Text;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Cross-cluster replication lag with two federated clusters (<c>--clusters 2</c>): an owner writes
/// restaurants in east at a fixed rate; the lag of each is west's apply of its home copy (west's
/// restaurants inbox) minus east's commit, next to east's own menu replica (same cluster) for
/// comparison. Both timestamps are the engine's own, taken on this one machine.
/// </summary>
public static class CrossClusterLagBenchmark
{
    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"Starting the AppHost with two clusters (local mode)... load average {ProcessTable.LoadAverage()}");
        await using var system = await BenchmarkSystem.StartAsync(settings.ServiceEnvironment, clusters: 2);
        Console.WriteLine($"All resources of both clusters healthy in {system.ColdStart.TotalSeconds:F1} s.");
        using var writes = await OwnerWrites.SignInAsync(system, "east");

        // Thirty-two processes have just started on a few cores: let their start-up work (JIT,
        // migrations, first probes) end, then warm connections, JIT and the federation link with
        // writes of their own, so the measured writes meet running services (as in the one-cluster run).
        await Task.Delay(TimeSpan.FromSeconds(30));
        var warmUp = await WriteLoad.RunAsync(writes, 500, ratePerSecond: 50);
        await WaitAppliedAsync(system, "west-restaurantsdb", warmUp.Ids, TimeSpan.FromMinutes(2));
        await WaitAppliedAsync(system, "east-menudb", warmUp.Ids, TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(10));

        Console.WriteLine($"Cross-cluster lag: {settings.LagWrites} restaurant writes in east at {settings.LagRatePerSecond}/s...");
        var run = await WriteLoad.RunAsync(writes, settings.LagWrites, settings.LagRatePerSecond);
        var west = await WaitAppliedAsync(system, "west-restaurantsdb", run.Ids, TimeSpan.FromMinutes(2));
        var east = await WaitAppliedAsync(system, "east-menudb", run.Ids, TimeSpan.FromMinutes(2));

        var crossCluster = Percentiles.Of(west);
        var sameCluster = Percentiles.Of(east);
        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Cross-cluster replication lag, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run --project Tests/Benchmarks -c Release -- --clusters 2` ({ProcessTable.MachineDescription()}; load average {ProcessTable.LoadAverage()}).")
            .AppendLine(CultureInfo.InvariantCulture, $"{run.Ids.Count} restaurant writes in east at {settings.LagRatePerSecond}/s (achieved {run.AchievedPerSecond:F0}/s, {run.Failures} failed); cold start of both clusters {system.ColdStart.TotalSeconds:F1} s.")
            .AppendLine()
            .AppendLine("| lag: east commit -> applied | applied | p50 | p95 | p99 | max |")
            .AppendLine("|---|---|---|---|---|---|")
            .AppendLine(Row("west restaurants (home copy, across the federation link)", crossCluster))
            .AppendLine(Row("east menu (replica, same cluster)", sameCluster))
            .ToString();
        Console.WriteLine(markdown);
        var directory = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "results");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, $"cross-cluster-lag-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.md"), markdown);
    }

    static string Row(string label, Percentiles lag) =>
        string.Create(CultureInfo.InvariantCulture, $"| {label} | {lag.Count} | {lag.P50:F1} ms | {lag.P95:F1} ms | {lag.P99:F1} ms | {lag.Max:F1} ms |");

    /// <summary>Polls a database's inbox until every id was applied there (or the time is up); returns each one's lag in ms.</summary>
    static async Task<List<double>> WaitAppliedAsync(BenchmarkSystem system, string database, IReadOnlyList<Guid> ids, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var applied = await ReplicationTimes.AppliedAsync(system, database, ids);
        while (applied.Count < ids.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            applied = await ReplicationTimes.AppliedAsync(system, database, ids);
        }
        return [.. applied.Values.Select(row => row.AppliedMs - row.CommittedMs)];
    }
}
