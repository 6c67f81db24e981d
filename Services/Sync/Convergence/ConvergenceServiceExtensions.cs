using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Convergence;

public static class ConvergenceServiceExtensions
{
    /// <summary>The convergence check and the HTTP client it reads owners with (service discovery and resilience come from the defaults).</summary>
    public static IServiceCollection AddConvergenceCheck<TDb>(this IServiceCollection services) where TDb : SyncDbContext
    {
        services.AddHttpClient(OwnedSnapshotsClient.HttpClientName);
        services.AddSingleton<OwnedSnapshotsClient>();
        services.AddSingleton<ConvergenceCheck<TDb>>();
        return services;
    }
}
