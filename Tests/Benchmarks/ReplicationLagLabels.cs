namespace FoodDelivery.Benchmarks;

/// <summary>The two fixed-rate lag runs: the moderate rate, and 80% of the highest sustained rate.</summary>
public static class ReplicationLagLabels
{
    public const string Moderate = "moderate";
    public const string NearLimit = "80% of highest";
}
