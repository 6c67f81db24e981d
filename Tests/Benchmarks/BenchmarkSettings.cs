using System.Globalization;

namespace FoodDelivery.Benchmarks;

/// <summary>Command-line settings: how many owner writes, at what rate.</summary>
public sealed record BenchmarkSettings(int Writes, int RatePerSecond)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();
        return new BenchmarkSettings(
            int.Parse(Value("--writes") ?? "1000", CultureInfo.InvariantCulture),
            int.Parse(Value("--rate") ?? "100", CultureInfo.InvariantCulture));
    }
}
