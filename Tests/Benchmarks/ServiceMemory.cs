namespace FoodDelivery.Benchmarks;

/// <summary>
/// One service's resident memory (working set) in MB: the highest sampled while idle, the highest
/// sampled under load, and the kernel's own peak (VmHWM, start-up included) at the end.
/// </summary>
public sealed record ServiceMemory(string Service, double IdlePeakMb, double LoadPeakMb, double LifetimePeakMb);
