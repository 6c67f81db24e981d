using FoodDelivery.Contracts;
using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.DeadLetters;
using FoodDelivery.Sync.Entities;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Outbox;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Repair;
using FoodDelivery.Sync.Startup;
using FoodDelivery.Sync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class SyncServiceExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database through Aspire's client integration (pooling, retries,
    /// health check, telemetry; migrated at start-up, created if missing) plus the sync engine:
    /// every owned entity saved writes its event to the
    /// outbox in the same transaction; the relay publishes it to the service's own fanout exchange with
    /// confirms; the consumer applies the owners' events exactly once per message id, version-guarded,
    /// believing each only from the exchange of its owner.
    /// </summary>
    public static IHostApplicationBuilder AddSync<TDb>(this IHostApplicationBuilder builder, string connectionName, Action<SyncRegistrations> configure)
        where TDb : SyncDbContext
    {
        var registrations = new SyncRegistrations();
        configure(registrations);

        var options = builder.Configuration.GetSection(SyncOptions.Section).Get<SyncOptions>() ?? new SyncOptions();
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            options.ServiceName = builder.Environment.ApplicationName.ToLowerInvariant();
        }
        // Bound once here (the interceptors take them before the container exists), so checked here, at start.
        SyncOptionsValidation.ThrowIfInvalid(options);
        CatalogueAgreement.Check(registrations, options.ServiceName);
        var health = builder.Configuration.GetSection($"{SyncOptions.Section}:Health").Get<SyncHealthOptions>() ?? new SyncHealthOptions();
        var signal = new OutboxSignal();
        var outboxCommits = new OutboxCommits(signal);
        var pooledSessions = builder.Configuration.GetSection(PooledSessionOptions.Section).Get<PooledSessionOptions>() ?? new PooledSessionOptions();

        builder.AddNpgsqlDbContext<TDb>(connectionName,
            configureSettings: settings =>
            {
                // Its health check is added below, the same check tagged for readiness.
                settings.DisableHealthChecks = true;
                settings.ConnectionString = pooledSessions.Apply(settings.ConnectionString);
            },
            configureDbContextOptions: db => db
            // snake_case keeps the engine's hand-written SQL (replica upserts, inbox) readable.
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(
                new OutboxWriter(registrations.Publications, outboxCommits, options.Cluster, TimeProvider.System),
                new OutboxCommitSignal(outboxCommits)));
        // The own database is part of readiness (without it no request can be served); the broker is not (the outbox rides it out).
        builder.Services.AddHealthChecks().AddDbContextCheck<TDb>(typeof(TDb).Name, tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddHostedService<DatabaseMigrator<TDb>>();

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(health);
        services.AddSingleton(registrations);
        services.AddSingleton(signal);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SyncStatus>();
        services.AddSingleton<SyncMetrics>();
        services.AddSingleton<DashboardTraceLinks>();
        services.AddSingleton<SyncTopology>();
        services.AddSingleton<PublisherProvenance>();
        BrokerConnection.AddTo(builder);
        services.AddSingleton<ChangeProcessor<TDb>>();
        services.AddSingleton<SyncMonitor<TDb>>();
        services.AddSingleton<ISyncMonitor>(provider => provider.GetRequiredService<SyncMonitor<TDb>>());
        services.AddSingleton<DeadLetterReplay>();
        services.AddSingleton<DeadLetterQueue>();
        services.AddHttpClient(EntityLookup<TDb>.HttpClientName);
        services.AddSingleton<EntityLookup<TDb>>();
        services.AddSingleton<Resync<TDb>>();
        services.AddSingleton<Rehome<TDb>>();
        services.AddExceptionHandler<HomeClusterConflictHandler>();
        services.AddConvergenceCheck<TDb>();
        services.AddHostedService<OutboxRelay<TDb>>();
        services.AddHostedService<ChangeConsumer<TDb>>();
        services.AddHostedService(provider => provider.GetRequiredService<SyncMonitor<TDb>>());
        services.AddHealthChecks().AddCheck<SyncHealthCheck>("sync");
        return builder;
    }
}
