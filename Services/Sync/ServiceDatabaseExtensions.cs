using FoodDelivery.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class ServiceDatabaseExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database through Aspire's client integration (pooling, retries,
    /// health check, telemetry), with owned-entity versioning and migrations applied at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDb>(this IHostApplicationBuilder builder, string connectionName)
        where TDb : SyncDbContext
    {
        builder.AddNpgsqlDbContext<TDb>(connectionName,
            configureDbContextOptions: options => options
                // snake_case keeps hand-written SQL (replica upserts, outbox queries) readable.
                .UseSnakeCaseNamingConvention()
                .AddInterceptors(new OwnedEntityVersioning()));
        builder.Services.AddHostedService<DatabaseMigrator<TDb>>();
        return builder;
    }
}
