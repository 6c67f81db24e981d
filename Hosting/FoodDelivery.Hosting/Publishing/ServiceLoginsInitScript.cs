using FoodDelivery.Hosting.Infrastructure;

namespace FoodDelivery.Hosting.Publishing;

/// <summary>
/// Publish mode's way of creating the services' logins and databases (run mode does it from the AppHost,
/// <see cref="DatabaseProvisioning"/>): the folder <c>Infrastructure/initdb</c> is mounted into the
/// official image's <c>/docker-entrypoint-initdb.d</c>, which runs it once, as the superuser, when the
/// volume is empty. The script reads what to create from the environment: <c>FD_SERVICE_DATABASES</c>
/// (<c>database:role</c> pairs) and one password variable per database, fed from the secret parameters.
/// <c>20-backup-login.sh</c> there adds the backup login (read-only, every service database) from
/// <c>FD_BACKUP_PASSWORD</c>. Tools/ManifestToKubernetes turns the bind mount into a ConfigMap, and runs the same
/// scripts from a Job named after the Secret (its content hash), so a changed password makes a new Job that applies it.
/// </summary>
public static class ServiceLoginsInitScript
{
    public const string ServiceDatabasesVariable = "FD_SERVICE_DATABASES";

    const string InitFolder = "Infrastructure/initdb";
    const string ImageInitFolder = "/docker-entrypoint-initdb.d";

    /// <summary>The backup login's password (<c>20-backup-login.sh</c>), which the Kubernetes backup CronJob logs in with.</summary>
    public const string BackupPasswordVariable = "FD_BACKUP_PASSWORD";

    /// <summary>The secret parameter of the backup login's password of a server: <c>postgres-backup-password</c>.</summary>
    public static string BackupPasswordParameter(string serverName) => $"{serverName}-backup-password";

    /// <summary>The variable carrying a database's login password (the script derives the same name).</summary>
    public static string PasswordVariable(string databaseName) => $"FD_PASSWORD_{databaseName.ToUpperInvariant()}";

    public static IResourceBuilder<PostgresServerResource> WithServiceLoginsInitScript(this IResourceBuilder<PostgresServerResource> server)
    {
        if (!server.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return server;
        }
        // Only published deployments run backups (the CronJob of Tools/ManifestToKubernetes), so only they get the login.
        var backupPassword = server.ApplicationBuilder.AddParameter(
            BackupPasswordParameter(server.Resource.Name), SyncInfrastructureExtensions.GeneratedPassword(), secret: true);
        return server
            .WithBindMount(InitFolder, ImageInitFolder, isReadOnly: true)
            .WithEnvironment(context =>
            {
                var databases = server.ApplicationBuilder.Resources.OfType<ServiceDatabaseResource>()
                    .Where(database => database.Parent == (IResourceWithConnectionString)server.Resource)
                    .ToList();
                context.EnvironmentVariables[ServiceDatabasesVariable] =
                    string.Join(' ', databases.Select(database => $"{database.DatabaseName}:{database.Login.Role}"));
                foreach (var database in databases)
                {
                    context.EnvironmentVariables[PasswordVariable(database.DatabaseName)] = database.Login.Password.Resource;
                }
                context.EnvironmentVariables[BackupPasswordVariable] = backupPassword.Resource;
            });
    }
}
