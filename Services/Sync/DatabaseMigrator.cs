using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync;

/// <summary>
/// Creates the service's database if it does not exist and applies its migrations before the
/// service takes requests: in Kubernetes nothing else will.
/// </summary>
public sealed partial class DatabaseMigrator<TDb>(IServiceProvider services, ILogger<DatabaseMigrator<TDb>> logger) : IHostedService
    where TDb : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(typeof(TDb).Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Database} schema is up to date.")]
    partial void LogMigrated(string database);
}
