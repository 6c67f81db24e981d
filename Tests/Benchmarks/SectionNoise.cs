namespace FoodDelivery.Benchmarks;

/// <summary>
/// How quiet the machine was for one section: CPU pressure (some avg10, %) just before it and the highest seen
/// during it, and the cores busy outside this run's processes on average. <see cref="Repeated"/> when its first
/// attempt was noisy; <see cref="Noisy"/> when the attempt kept was noisy too.
/// </summary>
public sealed record SectionNoise(string Section, int Run, double? PressureBefore, double? PressureDuringMax, double OutsideCores, bool Repeated, bool Noisy);
