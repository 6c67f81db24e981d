namespace FoodDelivery.Benchmarks;

/// <summary>
/// Replication lag at one fixed owner-write rate (restaurants' commit to menu's apply, from the
/// engine's timestamps), split into the relay's share and the consumer's, next to the raw broker's
/// latency at the same rate.
/// </summary>
public sealed record LagResult(
    string Label,
    int Writes,
    double TargetRatePerSecond,
    double AchievedRatePerSecond,
    int Failures,
    int Replicated,
    Percentiles ReplicationLagMs,
    Percentiles RelayMs,
    Percentiles ConsumerMs,
    Percentiles WriteRequestMs,
    RawRun? RawAtSameRate,
    CpuProfile Cpu,
    CpuProfile? RawCpu);
