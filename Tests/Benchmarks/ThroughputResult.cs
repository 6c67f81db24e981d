namespace FoodDelivery.Benchmarks;

/// <summary>The throughput ramp: every step, the highest rate that was sustained, and where the CPU went.</summary>
public sealed record ThroughputResult(IReadOnlyList<ThroughputStep> Steps, double HighestSustainedRate, double AppliedPerSecondAtHighest, CpuProfile Cpu);
