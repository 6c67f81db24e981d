using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Hosting.Services;

/// <summary>
/// Tells every service where the dashboard is (<c>Sync__DashboardUrl</c>), so "Where is ...?" links each version to its
/// trace there. Only in run mode and only when the dashboard runs (the testing builder runs none unless asked): the
/// published manifest, and so Kubernetes, gets no address, and an operator who runs a dashboard there sets it.
/// </summary>
public static class DashboardTraceLinks
{
    public const string EnvironmentVariable = "Sync__DashboardUrl";

    // Aspire's own name for it (its KnownResourceNames is internal).
    const string DashboardResourceName = "aspire-dashboard";

    public static IDistributedApplicationBuilder LinkTracesToDashboard(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }
        foreach (var service in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(service).WithEnvironment(context =>
            {
                if (DashboardAddress(context.ExecutionContext.Services) is { } address)
                {
                    context.EnvironmentVariables[EnvironmentVariable] = address;
                }
            });
        }
        return builder;
    }

    /// <summary>
    /// The address a browser opens the dashboard at: its allocated endpoint (the one the "Login to the dashboard at"
    /// line prints), https when it has one. The dashboard's resource is added at start, so it is looked up then.
    /// </summary>
    static string? DashboardAddress(IServiceProvider services)
    {
        var dashboard = services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<IResourceWithEndpoints>()
            .FirstOrDefault(resource => resource.Name == DashboardResourceName);
        // The browser's endpoints are named after their scheme; the OTLP receivers ("otlp-grpc", "otlp-http") are not.
        var endpoints = dashboard?.GetEndpoints().Where(endpoint => endpoint.IsAllocated).ToList() ?? [];
        return (endpoints.FirstOrDefault(endpoint => endpoint.EndpointName == "https") ?? endpoints.FirstOrDefault(endpoint => endpoint.EndpointName == "http"))?.Url;
    }
}
