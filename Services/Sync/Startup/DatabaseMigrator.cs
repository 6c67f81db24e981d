using FoodDelivery.Sync.OwnedEntities;
using FoodDelivery.Sync.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync.Startup;

/// <summary>
/// Applies the service's migrations before it takes requests, as the service's own login, which owns
/// its database. The database and the login are the infrastructure's (the AppHost, or the PostgreSQL
/// init script in Kubernetes): the login may not create databases, so a missing one fails the start with
/// PostgreSQL's error, and so does a server outside <see cref="SupportedServer.PostgreSql"/>. Owned rows written before the service knew about clusters get the cluster they
/// are in as their home.
/// </summary>
internal sealed partial class DatabaseMigrator<TDb>(
    IServiceProvider services, SyncRegistrations registrations, SyncOptions options, ILogger<DatabaseMigrator<TDb>> logger) : IHostedService
    where TDb : DbContext
{
    // Any fixed number works: it only has to be the same in every replica of this service.
    const long MigrationLockKey = 0x5359_4E43_4D49_4752; // "SYNCMIGR"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        // Replicas of a service start together: they migrate one at a time (the others then find nothing to do),
        // since two creating the history table at once can collide in PostgreSQL's catalogue. The lock is the
        // session's, held on this context's connection until it is released below or the connection closes.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await RefuseUnsupportedServerAsync(db, cancellationToken);
        // The login's lock_timeout bounds the service's own work; a migration waits for the other replicas' migration
        // and for their transactions on the tables it alters, as long as that takes (reset below: the pool does not, see
        // PooledSessionOptions).
        await db.Database.ExecuteSqlRawAsync("SET lock_timeout = 0", cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await MigrateAsync(db, cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync("RESET lock_timeout", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        LogMigrated(typeof(TDb).Name);
    }

    /// <summary>A server outside the supported range fails the start, like a missing database, with one sentence that says why.</summary>
    static async Task RefuseUnsupportedServerAsync(TDb db, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT current_setting('server_version_num')";
        var announced = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (SupportedServer.PostgreSql.Refusal(announced) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
    }

    async Task MigrateAsync(TDb db, CancellationToken cancellationToken)
    {
        // Npgsql's migrator first asks whether the history table exists by querying it, and EF logs that failed
        // query as an Error on every new database; with the table there, a clean start logs nothing alarming.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        foreach (var owned in registrations.Publications.Keys.Select(type => db.Model.FindEntityType(type)!))
        {
            var table = (owned.GetSchema() is { } schema ? $"\"{schema}\"." : "") + $"\"{owned.GetTableName()}\"";
            var column = owned.FindProperty(nameof(IOwnedEntity.HomeCluster))!.GetColumnName();
            // Identifiers from the EF model, the cluster as a parameter.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync(
                $"UPDATE {table} SET \"{column}\" = {{0}} WHERE \"{column}\" = ''", [options.Cluster], cancellationToken);
#pragma warning restore EF1002
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Database} schema is up to date.")]
    partial void LogMigrated(string database);
}
