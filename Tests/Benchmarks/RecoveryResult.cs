namespace FoodDelivery.Benchmarks;

/// <summary>
/// A consumer stopped while events piled up in its queue, then started: how long until it was
/// healthy, applying, and converged, and how fast it drained (events applied per second between
/// its first and last apply, from its inbox).
/// </summary>
public sealed record RecoveryResult(
    string Consumer,
    int EventsWritten,
    double WritesPerSecond,
    long QueuedAtStart,
    double StartToHealthySeconds,
    double StartToFirstApplySeconds,
    double DrainSeconds,
    double DrainPerSecond,
    double StartToConvergedSeconds,
    int Replicated,
    CpuProfile Cpu)
{
    public bool Converged => Replicated >= EventsWritten;
}
