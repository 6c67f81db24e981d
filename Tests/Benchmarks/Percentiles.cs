namespace FoodDelivery.Benchmarks;

/// <summary>p50/p95/p99/max of a set of milliseconds (nearest-rank), and how many there were.</summary>
public sealed record Percentiles(double P50, double P95, double P99, double Max, int Count)
{
    public static readonly Percentiles None = new(double.NaN, double.NaN, double.NaN, double.NaN, 0);

    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return None;
        }
        var sorted = values.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1], sorted.Length);
    }
}
