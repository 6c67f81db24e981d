using System.Globalization;
using System.Text.Json;

namespace FoodDelivery.Benchmarks;

/// <summary>The figures of one replication-lag run, printed as Markdown and saved as JSON.</summary>
public sealed record LagResult(
    int Writes,
    int TargetRatePerSecond,
    double AchievedRatePerSecond,
    double ColdStartSeconds,
    Percentiles ReplicationLagMs,
    Percentiles OutboxToBrokerMs,
    Percentiles WriteRequestMs,
    int Cores,
    DateTimeOffset MeasuredAt)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public void Print()
    {
        string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine($"""

            ## Replication lag, restaurants -> menu ({Writes} writes at {TargetRatePerSecond}/s target, {F(AchievedRatePerSecond)}/s achieved, {Cores} cores)

            | measure | p50 | p95 | p99 | max |
            |---|---|---|---|---|
            | replication lag (owner commit -> replica applied), ms | {F(ReplicationLagMs.P50)} | {F(ReplicationLagMs.P95)} | {F(ReplicationLagMs.P99)} | {F(ReplicationLagMs.Max)} |
            | owner commit -> publish confirmed (outbox relay), ms | {F(OutboxToBrokerMs.P50)} | {F(OutboxToBrokerMs.P95)} | {F(OutboxToBrokerMs.P99)} | {F(OutboxToBrokerMs.Max)} |
            | owner write request (HTTP POST), ms | {F(WriteRequestMs.P50)} | {F(WriteRequestMs.P95)} | {F(WriteRequestMs.P99)} | {F(WriteRequestMs.Max)} |

            Cold start (AppHost start to all resources healthy, local mode): {F(ColdStartSeconds)} s
            """);
    }

    public async Task SaveAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"replication-lag-{MeasuredAt:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Indented));
        Console.WriteLine($"Saved {Path.GetFullPath(path)}");
    }
}
