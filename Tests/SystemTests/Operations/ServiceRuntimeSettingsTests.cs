using System.Reflection;
using System.Text.Json.Nodes;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The runtime settings every service is built with (Directory.Build.targets), read from the runtimeconfig.json the
/// AppHost launches them with: workstation GC and no tiered PGO (docs/performance.md, Memory; Broker flags, ReadyToRun
/// and memory).
/// </summary>
public sealed class ServiceRuntimeSettingsTests
{
    static readonly string[] Services = ["Accounts", "Restaurants", "Menu", "Orders", "Payments", "Delivery", "Reviews"];

    public static TheoryData<string> ServiceNames => new(Services);

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_service_runs_with_workstation_GC_and_without_tiered_PGO(string service)
    {
        var settings = RuntimeSettingsOf(service);

        Assert.False(settings["System.GC.Server"]?.GetValue<bool>());
        Assert.False(settings["System.Runtime.TieredPGO"]?.GetValue<bool>());
    }

    // The build output the AppHost starts a service from: the same configuration as this test's build.
    static JsonObject RuntimeSettingsOf(string service)
    {
        var configuration = typeof(ServiceRuntimeSettingsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var file = Path.Combine(RepositoryScript.Root, "Services", service, "bin", configuration, "net10.0", $"{service}.runtimeconfig.json");
        var runtimeConfig = JsonNode.Parse(File.ReadAllText(file))!;
        return runtimeConfig["runtimeOptions"]!["configProperties"]!.AsObject();
    }
}
