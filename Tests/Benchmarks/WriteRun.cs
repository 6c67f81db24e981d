namespace FoodDelivery.Benchmarks;

/// <summary>What one burst of owner writes achieved: the ids created and how long each request took.</summary>
public sealed record WriteRun(
    IReadOnlyList<Guid> Ids,
    IReadOnlyList<double> RequestMs,
    int Failures,
    string? FirstFailure,
    double Seconds,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt)
{
    public double AchievedPerSecond => Ids.Count / Seconds;
}
