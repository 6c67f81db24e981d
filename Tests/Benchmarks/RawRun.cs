using System.Text.Json.Serialization;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// One raw-broker run: messages published into the fanout exchange and how fast and how soon all
/// its consumers had them (latency: when the message was due to when a consumer had it, every consumer counted).
/// <see cref="Topology"/> is null in reports saved before issue 31 (seven queues, prefetch 32).
/// </summary>
public sealed record RawRun(
    int Messages,
    double TargetRatePerSecond,
    double PublishedPerSecond,
    double DeliveredPerSecond,
    int Deliveries,
    int ExpectedDeliveries,
    Percentiles LatencyMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topology = null)
{
    public string DescribeTopology() => Topology ?? RawTopology.Old.Description;
}
