using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Repair;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Convergence;

internal static class ConvergenceServiceExtensions
{
    /// <summary>
    /// The convergence check, the rebuild, and the HTTP client they read owners with (service
    /// discovery and resilience come from the defaults).
    /// </summary>
    public static IServiceCollection AddConvergenceCheck<TDb>(this IServiceCollection services) where TDb : SyncDbContext
    {
        services.AddHttpClient(OwnedSnapshotsClient.HttpClientName);
        services.AddSingleton<OwnedSnapshotsClient>();
        services.AddSingleton<ConvergenceCheck<TDb>>();
        services.AddSingleton<Rebuild<TDb>>();
        return services;
    }
}
