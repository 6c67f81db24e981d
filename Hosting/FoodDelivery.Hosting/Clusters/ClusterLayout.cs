namespace FoodDelivery.Hosting.Clusters;

/// <summary>How many clusters the AppHost models (configuration <c>Clusters:Count</c>, 1 by default).</summary>
public static class ClusterLayout
{
    public const string East = "east";
    public const string West = "west";

    public static IReadOnlyList<Cluster> From(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Clusters:Count"];
        return configured?.Trim() switch
        {
            null or "" or "1" => [Cluster.Single],
            "2" => [new Cluster(East, West), new Cluster(West, East)],
            _ => throw new DistributedApplicationException($"Clusters:Count is '{configured}'; use 1 or 2."),
        };
    }
}
