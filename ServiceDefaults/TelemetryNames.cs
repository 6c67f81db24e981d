namespace Microsoft.Extensions.Hosting;

/// <summary>The activity sources and meters every service exports, in one place.</summary>
public static class TelemetryNames
{
    /// <summary>The sync engine's own source and meter name.</summary>
    public const string Sync = FoodDelivery.Contracts.SyncTelemetryName.Value;

    // Not RabbitMQ.Client's own sources: the engine's publish and process spans already carry each change across the
    // broker, and the client's would double every hop.
    public static readonly string[] ActivitySources = [Sync, "Npgsql"];

    public static readonly string[] Meters = [Sync, "Npgsql", "Microsoft.EntityFrameworkCore"];
}
