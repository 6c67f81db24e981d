using FoodDelivery.Hosting.Clusters;
using FoodDelivery.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Hosting.Services;

/// <summary>What a developer trying the API under <c>dotnet run</c> / <c>./run.sh</c> gets; nothing of it is published.</summary>
public static class DeveloperExperience
{
    /// <summary>Configuration switch (<c>Services__FixedPorts=true</c>, set by <c>./run.sh</c>) for stable service addresses.</summary>
    public const string FixedPortsKey = "Services:FixedPorts";

    /// <summary>The first fixed port: accounts 5101, restaurants 5102, ... in <see cref="ServiceCatalogue"/> order.</summary>
    public const int FirstFixedPort = 5101;

    /// <summary>
    /// The service's host port: fixed when <see cref="FixedPortsKey"/> is on in run mode with one cluster, so the
    /// <c>.http</c> files work as they are; otherwise allocated, so test systems never collide.
    /// </summary>
    public static int? PortOf(IDistributedApplicationBuilder builder, Cluster cluster, string service)
    {
        var index = ServiceCatalogue.Services.Select(entry => entry.Name).ToList().IndexOf(service);
        return !builder.ExecutionContext.IsPublishMode && cluster.Name is null && index >= 0
               && builder.Configuration.GetValue<bool>(FixedPortsKey)
            ? FirstFixedPort + index
            : null;
    }

    /// <summary>The service's management host port under <see cref="FixedPortsKey"/>: accounts 5201, restaurants 5202, ...</summary>
    public static int? ManagementPortOf(IDistributedApplicationBuilder builder, Cluster cluster, string service) =>
        PortOf(builder, cluster, service) + 100;

    /// <summary>
    /// In run mode: the service runs as Development, which the orchestrator does not pass on by itself, so its
    /// Scalar UI is mapped; and the dashboard links to that UI ("Scalar") next to the service's address.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiExplorer(this IResourceBuilder<ProjectResource> service)
    {
        if (service.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return service;
        }
        return service
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/scalar", DisplayText = "Scalar" })
            // The same UI from the management port, where the operator document's "Try it" reaches /sync/*.
            .WithUrlForEndpoint(ManagementEndpoint.Name,
                _ => new ResourceUrlAnnotation { Url = "/scalar/operator", DisplayText = "Scalar (operator)" });
    }

    /// <summary>In run mode, once every service is healthy, logs each one's address and Scalar UI once.</summary>
    public static IDistributedApplicationBuilder PrintServiceUrlsWhenReady(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder;
        }
        var services = builder.Resources.OfType<ProjectResource>().ToList();
        var ready = 0;
        foreach (var service in services)
        {
            builder.Eventing.Subscribe<ResourceReadyEvent>(service, (ready_, _) =>
            {
                if (Interlocked.Increment(ref ready) == services.Count)
                {
                    var lines = services.Select(project =>
                        $"  {project.Name,-20} {project.GetEndpoint("http").Url}   (API explorer: {project.GetEndpoint("http").Url}/scalar; " +
                        $"operator endpoints: {project.GetEndpoint(ManagementEndpoint.Name).Url})");
                    ready_.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FoodDelivery")
                        .LogInformation("All {Count} services are healthy:\n{Services}", services.Count, string.Join("\n", lines));
                }
                return Task.CompletedTask;
            });
        }
        return builder;
    }
}
