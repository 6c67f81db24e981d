namespace FoodDelivery.Benchmarks;

/// <summary>
/// Where the CPU went during one phase, in cores busy on average (2.0 = both of two cores), per
/// process group, and per thousand events: the evidence for what holds throughput back.
/// </summary>
public sealed record CpuProfile(string Phase, double Seconds, int Events, double MachineCores, IReadOnlyDictionary<string, double> CoresByComponent)
{
    /// <summary>Busy time on the machine that none of this run's processes account for (other users, the orchestrator).</summary>
    public double OtherCores => MachineCores - CoresByComponent.Values.Sum();

    /// <summary>CPU milliseconds a component spent per event.</summary>
    public double MillisecondsPerEvent(string component) =>
        Events > 0 ? CoresByComponent.GetValueOrDefault(component) * Seconds * 1000 / Events : double.NaN;
}
