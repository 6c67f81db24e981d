namespace FoodDelivery.Hosting.Services;

/// <summary>
/// In run mode every client reaches a service through loopback (the orchestrator's proxy, the tests), so the
/// services believe <c>X-Forwarded-For</c> from loopback alone (ServiceDefaults' <c>TrustedProxies</c> believes
/// nobody unless told). Published, nothing is trusted until the deployment names its ingress (the Kubernetes
/// generator's <c>--ingress-cidr</c>).
/// </summary>
public static class LocalProxies
{
    public static IDistributedApplicationBuilder TrustLoopbackProxies(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }
        foreach (var service in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(service)
                .WithEnvironment("ForwardedHeaders__KnownNetworks__0", "127.0.0.0/8")
                .WithEnvironment("ForwardedHeaders__KnownNetworks__1", "::1/128");
        }
        return builder;
    }
}
