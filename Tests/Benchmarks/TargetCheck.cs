namespace FoodDelivery.Benchmarks;

/// <summary>
/// One headline figure of the system next to the raw baseline's (where one applies) and the
/// issue's target for it. <see cref="Met"/> is null when the section did not run.
/// </summary>
public sealed record TargetCheck(string Measure, double System, double? Raw, double? Ratio, string Target, bool? Met);
