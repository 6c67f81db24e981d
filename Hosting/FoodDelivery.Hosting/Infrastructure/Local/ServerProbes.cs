using FoodDelivery.Contracts;
using Npgsql;
using RabbitMQ.Client;

namespace FoodDelivery.Hosting.Infrastructure.Local;

/// <summary>One real client round trip per server kind.</summary>
public static class ServerProbes
{
    public static async Task AmqpAsync(string connectionString, CancellationToken ct)
    {
        var broker = BrokerUri.Parse(connectionString);
        var factory = new ConnectionFactory { Uri = broker.Uri, AutomaticRecoveryEnabled = false };
        factory.Ssl.CertificateValidationCallback = broker.VerifyServer;
        await using var connection = await factory.CreateConnectionAsync(ct);
        await connection.CloseAsync(ct);
    }

    public static async Task PostgresAsync(string connectionString, CancellationToken ct)
    {
        // Pooling off: a probe must open a fresh connection, or a dead server looks alive.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    }
}
