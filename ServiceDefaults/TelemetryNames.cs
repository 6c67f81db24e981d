namespace Microsoft.Extensions.Hosting;

/// <summary>The activity sources and meters every service exports, in one place.</summary>
public static class TelemetryNames
{
    /// <summary>The sync engine's own source and meter name.</summary>
    public const string Sync = FoodDelivery.Contracts.SyncTelemetryName.Value;

    public static readonly string[] ActivitySources = [Sync, "RabbitMQ.Client.*", "Npgsql"];

    public static readonly string[] Meters = [Sync, "Npgsql", "Microsoft.EntityFrameworkCore"];
}
