namespace FoodDelivery.Benchmarks;

/// <summary>
/// One raw-broker run: messages published into the fanout exchange and how fast and how soon all
/// seven consumers had them (latency: publish call to delivery at a consumer, every consumer counted).
/// </summary>
public sealed record RawRun(
    int Messages,
    double TargetRatePerSecond,
    double PublishedPerSecond,
    double DeliveredPerSecond,
    int Deliveries,
    int ExpectedDeliveries,
    Percentiles LatencyMs);
