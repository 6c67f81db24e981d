using FoodDelivery.Hosting.Infrastructure.Local;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>
/// The infrastructure's use of the PostgreSQL superuser, in run mode (containers and local processes):
/// once the server is ready, and before any service starts (they wait for their database), every service
/// database gets its login role and is created owned by it, with <c>CONNECT</c> revoked from
/// <c>PUBLIC</c> (and from <c>postgres</c> and <c>template1</c>, with <c>TEMPORARY</c>), so a service's login
/// reaches its own database and no other. Idempotent: a restart
/// re-applies it, and a changed password parameter changes the role's password. Publish mode does the
/// same with an init script in the server's container (<see cref="Publishing.ServiceLoginsInitScript"/>).
/// </summary>
public static class DatabaseProvisioning
{
    /// <summary>Adds <paramref name="databaseName"/>, reached as <paramref name="login"/>, to <paramref name="server"/>.</summary>
    public static IResourceBuilder<ServiceDatabaseResource> AddServiceDatabase<TServer>(
        this IResourceBuilder<TServer> server, EndpointReference serverEndpoint, string name, string databaseName, DatabaseLogin login,
        string? tlsSettings)
        where TServer : IResourceWithConnectionString
    {
        var builder = server.ApplicationBuilder;
        var database = new ServiceDatabaseResource(name, databaseName, server.Resource, serverEndpoint, login, tlsSettings);
        if (!builder.Resources.OfType<ServiceDatabaseResource>().Any(other => other.Parent == (IResourceWithConnectionString)server.Resource))
        {
            builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, (ready, ct) => ProvisionAsync(builder, server.Resource, ready.Services, ct));
        }

        // Healthy once the service's own login gets in: what the service will do first.
        var healthCheckKey = $"{name}_login";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new ServerProbeHealthCheck(database, ServerProbes.PostgresAsync), failureStatus: null, tags: null));
        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, server.Resource.Name)],
            })
            .WithParentRelationship(server.Resource)
            .WithHealthCheck(healthCheckKey);
    }

    static async Task ProvisionAsync(
        IDistributedApplicationBuilder builder, IResourceWithConnectionString server, IServiceProvider services, CancellationToken ct)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logs = services.GetRequiredService<ResourceLoggerService>();
        var superuser = new NpgsqlConnectionStringBuilder(await server.ConnectionStringExpression.GetValueAsync(ct)) { Pooling = false };
        foreach (var database in builder.Resources.OfType<ServiceDatabaseResource>().Where(db => db.Parent == server))
        {
            try
            {
                var password = await database.Login.Password.Resource.GetValueAsync(ct)
                    ?? throw new InvalidOperationException($"{database.Login.Password.Resource.Name} has no value.");
                await ProvisionAsync(superuser, database.DatabaseName, database.Login.Role, password, ct);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logs.GetLogger(database).LogError(error, "Could not create {Database} and its login {Role}.", database.DatabaseName, database.Login.Role);
                await notifications.PublishUpdateAsync(database, state => state with { State = KnownResourceStates.FailedToStart });
                continue;
            }
            // Nothing runs a database by itself: it is running once it exists on a ready server.
            await notifications.PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = state.StartTimeStamp ?? DateTime.UtcNow,
            });
        }
    }

    static async Task ProvisionAsync(NpgsqlConnectionStringBuilder superuser, string database, string role, string password, CancellationToken ct)
    {
        var (quotedRole, quotedDatabase) = (QuoteIdentifier(role), QuoteIdentifier(database));
        await using (var server = await OpenAsync(superuser, "postgres", ct))
        {
            if (!await ExistsAsync(server, "SELECT 1 FROM pg_roles WHERE rolname = $1", role, ct))
            {
                await ExecuteAsync(server, $"CREATE ROLE {quotedRole}", ct);
            }
            // Stated every time, so a role changed by hand, or a new password parameter, is put right.
            await ExecuteAsync(server,
                $"ALTER ROLE {quotedRole} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD {QuoteLiteral(password)}", ct);
            await ExecuteAsync(server, LoginWaitLimits.SetOn(quotedRole), ct);
            await ExecuteAsync(server, await ExistsAsync(server, "SELECT 1 FROM pg_database WHERE datname = $1", database, ct)
                ? $"ALTER DATABASE {quotedDatabase} OWNER TO {quotedRole}"
                : $"CREATE DATABASE {quotedDatabase} OWNER {quotedRole}", ct);
            // The owner keeps its rights; everybody else (every other service's login) loses CONNECT and TEMPORARY,
            // here and in the server's own databases, which no service needs (EF and Npgsql make no temporary tables).
            await ExecuteAsync(server, $"REVOKE ALL ON DATABASE {quotedDatabase} FROM PUBLIC", ct);
            await ExecuteAsync(server, ServerDatabasesClosed, ct);
        }
        await using var own = await OpenAsync(superuser, database, ct);
        await ExecuteAsync(own, $"ALTER SCHEMA public OWNER TO {quotedRole}; REVOKE ALL ON SCHEMA public FROM PUBLIC;", ct);
        // A database made before services had logins holds the superuser's tables: hand them over.
        await ExecuteAsync(own, $"""
            DO $$
            DECLARE statement text;
            BEGIN
              FOR statement IN
                SELECT format('ALTER %s %s OWNER TO {quotedRole}',
                         CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, c.oid::regclass)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> {QuoteLiteral(role)}::regrole
                  -- Identity and serial sequences follow their table.
                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
                UNION ALL
                SELECT format('ALTER ROUTINE %s OWNER TO {quotedRole}', p.oid::regprocedure)
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND p.proowner <> {QuoteLiteral(role)}::regrole
              LOOP
                EXECUTE statement;
              END LOOP;
            END $$;
            """, ct);
    }

    /// <summary>PUBLIC's default CONNECT and TEMPORARY on the server's own databases (<c>template0</c> takes no connections).</summary>
    const string ServerDatabasesClosed =
        "REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC; REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;";

    static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder superuser, string database, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(superuser.ConnectionString) { Database = database }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    static async Task<bool> ExistsAsync(NpgsqlConnection connection, string query, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(query, connection);
        command.Parameters.AddWithValue(name);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    // Utility statements (CREATE ROLE, ALTER ... OWNER, PASSWORD) take no parameters.
    static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static string QuoteLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
