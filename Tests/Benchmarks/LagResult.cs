using System.Text.Json.Serialization;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Replication lag at one owner-write rate (restaurants' commit to each consumer's apply, from the
/// engine's timestamps; all consumers of the type together in <see cref="ReplicationLagMs"/>, each in
/// <see cref="LagByConsumer"/>), split into the relay's share and the consumer's, next to the raw broker's
/// latency at the same rate. <see cref="Cpu"/> counts owner writes as its events. The fields after
/// <see cref="RawCpu"/> are null in reports saved before issue 31 (menu alone, evenly spaced writes).
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
    CpuProfile? RawCpu,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, Percentiles>? LagByConsumer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Arrivals = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StatementProfile? Statements = null);
