using FoodDelivery.Hosting.Publishing;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Backups as Kubernetes takes them, run here: the database init script's backup login (20-backup-login.sh) made on
/// the running system's PostgreSQL, the backup CronJob's script (Tools/ManifestToKubernetes/Backups/postgres-backup.sh,
/// the file its ConfigMap holds) dumping every service database as that login, and the same script's restore
/// command bringing a dump back in a fresh server, where the rows written through the API are found.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class BackupRestoreTests(RunningSystem system)
{
    const string BackupScript = "Tools/ManifestToKubernetes/Backups/postgres-backup.sh";
    const string BackupLoginScript = "AppHost/Infrastructure/initdb/20-backup-login.sh";
    const string BackupLogin = "backup";

    static string ServiceDatabases => string.Join(' ', RunningSystem.ServiceNames.Select(service => $"{service}db:{service}"));

    [Fact]
    public async Task A_dump_of_the_shipped_backup_script_restores_into_a_fresh_server_with_the_rows_written_through_the_API()
    {
        var name = $"Backed up {Guid.NewGuid():N}";
        var restaurant = await system.CreateAsync(name: name);
        var superuser = new NpgsqlConnectionStringBuilder(await system.SuperuserConnectionStringAsync("restaurantsdb"));
        var server = new Dictionary<string, string>
        {
            ["PGHOST"] = superuser.Host!,
            ["PGPORT"] = superuser.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // TLS with the server verified, as the CronJob's clients in the cluster.
            ["PGSSLMODE"] = "verify-full",
            ["PGSSLROOTCERT"] = superuser.RootCertificate!,
        };
        var backupPassword = Guid.NewGuid().ToString("N");
        var dumps = Directory.CreateTempSubdirectory("fooddelivery-dumps-");
        try
        {
            await RepositoryScript.RunAsync(BackupLoginScript, new Dictionary<string, string>(server)
            {
                ["POSTGRES_USER"] = superuser.Username!,
                ["PGPASSWORD"] = superuser.Password!,
                [ServiceLoginsInitScript.ServiceDatabasesVariable] = ServiceDatabases,
                [ServiceLoginsInitScript.BackupPasswordVariable] = backupPassword,
            });
            var asBackupLogin = new Dictionary<string, string>(server)
            {
                ["PGUSER"] = BackupLogin,
                ["PGPASSWORD"] = backupPassword,
                [ServiceLoginsInitScript.ServiceDatabasesVariable] = ServiceDatabases,
                ["BACKUP_DIR"] = dumps.FullName,
                ["BACKUP_KEEP"] = "2",
            };

            // Three nightly runs; each database keeps its newest two dumps.
            for (var run = 0; run < 3; run++)
            {
                await RepositoryScript.RunAsync(BackupScript, asBackupLogin, "dump");
            }
            foreach (var database in RunningSystem.DatabaseNames)
            {
                Assert.Equal(2, Directory.GetFiles(Path.Combine(dumps.FullName, database), $"{database}-*.dump").Length);
            }
            Assert.Empty(Directory.GetFiles(dumps.FullName, "*.partial", SearchOption.AllDirectories));
            var latest = (await RepositoryScript.RunAsync(BackupScript, asBackupLogin, "latest", "restaurantsdb")).Trim();
            Assert.Equal(Directory.GetFiles(Path.Combine(dumps.FullName, "restaurantsdb")).Max(StringComparer.Ordinal), latest);

            await using var fresh = await ScratchPostgresServer.StartAsync();
            await fresh.ExecuteAsync("postgres", "CREATE DATABASE restaurantsdb");
            var intoFresh = new Dictionary<string, string>(fresh.ClientEnvironment) { ["BACKUP_DIR"] = dumps.FullName };
            await RepositoryScript.RunAsync(BackupScript, intoFresh, "restore", latest, "restaurantsdb");
            Assert.Equal([name], await RestaurantNamesAsync(fresh, restaurant));
            // Restoring again replaces what the first restore made rather than failing or doubling it.
            await RepositoryScript.RunAsync(BackupScript, intoFresh, "restore", latest, "restaurantsdb");
            Assert.Equal([name], await RestaurantNamesAsync(fresh, restaurant));
        }
        finally
        {
            dumps.Delete(recursive: true);
            await DropBackupLoginAsync();
        }
    }

    [Fact]
    public async Task The_backup_login_reads_the_service_databases_and_may_change_nothing_nor_reach_the_servers_own()
    {
        var superuser = new NpgsqlConnectionStringBuilder(await system.SuperuserConnectionStringAsync("restaurantsdb"));
        var backupPassword = Guid.NewGuid().ToString("N");
        try
        {
            await RepositoryScript.RunAsync(BackupLoginScript, new Dictionary<string, string>
            {
                ["PGHOST"] = superuser.Host!,
                ["PGPORT"] = superuser.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PGSSLMODE"] = "verify-full",
                ["PGSSLROOTCERT"] = superuser.RootCertificate!,
                ["POSTGRES_USER"] = superuser.Username!,
                ["PGPASSWORD"] = superuser.Password!,
                [ServiceLoginsInitScript.ServiceDatabasesVariable] = ServiceDatabases,
                [ServiceLoginsInitScript.BackupPasswordVariable] = backupPassword,
            });
            string AsBackupLogin(string database) =>
                new NpgsqlConnectionStringBuilder(superuser.ConnectionString) { Database = database, Username = BackupLogin, Password = backupPassword, Pooling = false }.ConnectionString;

            await using (var restaurants = new NpgsqlConnection(AsBackupLogin("restaurantsdb")))
            {
                await restaurants.OpenAsync();
                await using var read = new NpgsqlCommand("SELECT count(*) FROM restaurants", restaurants);
                Assert.True((long)(await read.ExecuteScalarAsync())! >= 0);
                await using var write = new NpgsqlCommand("DELETE FROM restaurants", restaurants);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
                await using var create = new NpgsqlCommand("CREATE TABLE stolen (id int)", restaurants);
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => create.ExecuteNonQueryAsync())).SqlState);
            }
            await using var own = new NpgsqlConnection(AsBackupLogin("postgres"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => own.OpenAsync())).SqlState);
        }
        finally
        {
            await DropBackupLoginAsync();
        }
    }

    static async Task<List<string>> RestaurantNamesAsync(ScratchPostgresServer server, Guid id)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("restaurantsdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name FROM restaurants WHERE id = $1", connection);
        command.Parameters.AddWithValue(id);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>The login exists in deployments only; the running system is left as the AppHost made it.</summary>
    async Task DropBackupLoginAsync()
    {
        await using var connection = await system.OpenDatabaseAsync("restaurantsdb");
        var databases = string.Join(", ", RunningSystem.DatabaseNames);
        await using var command = new NpgsqlCommand($"""
            DO $$ BEGIN
              IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{BackupLogin}') THEN
                REVOKE CONNECT ON DATABASE {databases} FROM {BackupLogin};
                DROP ROLE {BackupLogin};
              END IF;
            END $$
            """, connection);
        await command.ExecuteNonQueryAsync();
    }
}
