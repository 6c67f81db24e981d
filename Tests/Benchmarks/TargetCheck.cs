namespace FoodDelivery.Benchmarks;

/// <summary>
/// One of issue 31's targets: the system's figure next to the raw baseline's (where one applies), their ratio and
/// the target. <see cref="Met"/> is null when the section that measures it did not run.
/// </summary>
public sealed record TargetCheck(string Measure, double System, double? Raw, double? Ratio, string Target, bool? Met)
{
    public string Verdict => Met switch { true => "met", false => "not met", null => "-" };
}
