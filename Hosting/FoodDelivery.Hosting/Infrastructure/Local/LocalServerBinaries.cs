namespace FoodDelivery.Hosting.Infrastructure.Local;

/// <summary>Where the Debian packages put the servers that local mode runs.</summary>
public static class LocalServerBinaries
{
    public const string RabbitMqServer = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    const string PostgresBinRoot = "/usr/lib/postgresql";

    /// <summary>The newest installed PostgreSQL server's bin directory, or null.</summary>
    public static string? PostgresBinDirectory() =>
        Directory.Exists(PostgresBinRoot)
            ? Directory.GetDirectories(PostgresBinRoot)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    /// <summary>The Debian packages whose servers are missing.</summary>
    public static IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        if (!File.Exists(RabbitMqServer))
        {
            missing.Add("rabbitmq-server");
        }
        if (PostgresBinDirectory() is null)
        {
            missing.Add("postgresql");
        }
        return missing;
    }
}
