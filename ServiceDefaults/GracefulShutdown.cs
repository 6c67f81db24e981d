using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How long a service may take to stop after SIGTERM (<c>HostOptions.ShutdownTimeout</c>): Kestrel drains requests in
/// flight, the consumer applies and acknowledges what it holds, the relay marks what the broker confirmed. Stated here
/// rather than left to .NET's default, because the Kubernetes grace period is computed from it
/// (Tools/ManifestToKubernetes' RollingUpdateDrain, checked by the deployment tests).
/// </summary>
public static class GracefulShutdown
{
    public const int TimeoutSeconds = 30;

    public static IHostApplicationBuilder AddGracefulShutdown(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(TimeoutSeconds));
        return builder;
    }
}
