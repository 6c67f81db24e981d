namespace FoodDelivery.SystemTests;

/// <summary>
/// The real AppHost as a developer runs it: one cluster, seven services, in local mode, started
/// once for a test collection with a fresh data directory that is removed afterwards.
/// </summary>
public class RunningSystem : AppHostSystem, IServiceCluster
{
    public RunningSystem()
        : this([], TimeSpan.FromMinutes(4))
    {
    }

    /// <summary>The same system started with other AppHost arguments (xunit wants one public constructor per fixture).</summary>
    protected RunningSystem(IReadOnlyList<string> arguments, TimeSpan startTimeout)
        : base(arguments, [.. AllResourceNames], startTimeout)
    {
    }

    public static readonly string[] ServiceNames = [.. FoodDelivery.Contracts.ServiceCatalogue.Services.Select(service => service.Name)];

    public static readonly string[] InfrastructureNames = ["messaging", "postgres"];

    Task<Caller>? sharedOwner;

    public static IEnumerable<string> DatabaseNames => ServiceNames.Select(service => service + "db");

    public static IEnumerable<string> AllResourceNames => InfrastructureNames.Concat(DatabaseNames).Concat(ServiceNames);

    /// <summary>One restaurant owner for tests that need some restaurant but not a particular owner.</summary>
    public Task<Caller> SharedOwnerAsync() => sharedOwner ??= this.SignUpAsync(Callers.RestaurantOwner);
}
