using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;

namespace FoodDelivery.Hosting.Services;

/// <summary>
/// Starts a service from its build output (<c>dotnet Service.dll</c>, in the project's folder as before) instead of
/// Aspire's default <c>dotnet run --no-build</c>, which evaluates the project with MSBuild before it starts the service
/// and then stays as the service's parent: on two cores the seven wrappers took a quarter of the machine for the whole
/// cold start (0.46-0.51 cores of 1.72-1.79 for 36-41 s, docs/performance.md) and about 135 MB resident each.
/// Only in run mode, only where the AppHost's build already built the service (what <c>--no-build</c> assumes too),
/// only when the output is there, and not under an IDE's debugger or <c>dotnet watch</c>; otherwise Aspire's default
/// launch stays.
/// </summary>
public static class BuiltServiceLaunch
{
    public static IResourceBuilder<ProjectResource> StartsFromBuildOutput(this IResourceBuilder<ProjectResource> service)
    {
        var metadata = service.Resource.GetProjectMetadata();
        var configuration = service.ApplicationBuilder.Configuration;
        // An IDE's debug session and `dotnet watch` launch projects their own way: leave those to Aspire.
        if (!service.ApplicationBuilder.ExecutionContext.IsRunMode || !metadata.SuppressBuild || metadata.IsFileBasedApp
            || service.Resource.SupportsDebugging(configuration, out _) || configuration.GetValue<bool>("DOTNET_WATCH")
            || BuildOutputDirectory(metadata.ProjectPath) is not { } output)
        {
            return service;
        }
        var assembly = Path.Combine(output, Path.GetFileNameWithoutExtension(metadata.ProjectPath) + ".dll");
        if (!File.Exists(assembly))
        {
            return service;
        }
        return service
            .WithAnnotation(new ExecutableAnnotation { Command = "dotnet", WorkingDirectory = Path.GetDirectoryName(metadata.ProjectPath)! },
                ResourceAnnotationMutationBehavior.Replace)
            .WithArgs(assembly);
    }

    // Services are built with the AppHost's configuration and target framework (Directory.Build.props), into the SDK's
    // default output folder.
    static string? BuildOutputDirectory(string projectPath)
    {
        var appHost = typeof(BuiltServiceLaunch).Assembly;
        var configuration = appHost.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var framework = appHost.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        if (string.IsNullOrEmpty(configuration) || framework is null)
        {
            return null;
        }
        var version = new FrameworkName(framework).Version;
        var moniker = string.Create(CultureInfo.InvariantCulture, $"net{version.Major}.{version.Minor}");
        return Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, moniker);
    }
}
