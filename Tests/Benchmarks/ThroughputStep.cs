namespace FoodDelivery.Benchmarks;

/// <summary>
/// One step of the throughput ramp: owner writes at a target rate for a fixed time, whether the
/// replication lag stayed bounded, and how many replica updates were applied per second.
/// </summary>
public sealed record ThroughputStep(
    double TargetRatePerSecond,
    double AchievedRatePerSecond,
    int Writes,
    int Failures,
    int Replicated,
    Percentiles ReplicationLagMs,
    double FirstQuarterLagP50Ms,
    double LastQuarterLagP50Ms,
    double AppliedPerSecond,
    bool Sustained,
    string Verdict);
