namespace FoodDelivery.Benchmarks;

/// <summary>CPU ticks so far per process group and of the whole machine, at one moment.</summary>
public sealed record CpuMark(long Timestamp, long MachineTicks, IReadOnlyDictionary<string, long> Ticks);
