namespace FoodDelivery.Benchmarks;

/// <summary>
/// When the writes of an open-loop run are due. <see cref="Poisson"/> draws exponential gaps from a fixed
/// seed, so every run (and the raw baseline at the same rate) meets the same bursts; <see cref="Uniform"/>
/// spaces them evenly (the throughput ramp, whose steps judge a trend, not a tail).
/// </summary>
public sealed class Arrivals
{
    const int Seed = 31;

    readonly bool poisson;

    Arrivals(bool poisson) => this.poisson = poisson;

    public static Arrivals Poisson { get; } = new(poisson: true);

    public static Arrivals Uniform { get; } = new(poisson: false);

    public string Name => poisson ? "Poisson" : "uniform";

    /// <summary>The due time of each of <paramref name="count"/> events at <paramref name="ratePerSecond"/> on average, from the run's start.</summary>
    public TimeSpan[] DueTimes(int count, double ratePerSecond)
    {
        var due = new TimeSpan[count];
        if (!poisson)
        {
            for (var i = 0; i < count; i++)
            {
                due[i] = TimeSpan.FromSeconds(i / ratePerSecond);
            }
            return due;
        }
        // Seeded: the schedule is part of the method, not of the luck of the run.
        var random = new Random(Seed);
        var seconds = 0.0;
        for (var i = 0; i < count; i++)
        {
            due[i] = TimeSpan.FromSeconds(seconds);
            seconds += -Math.Log(1 - random.NextDouble()) / ratePerSecond;
        }
        return due;
    }
}
