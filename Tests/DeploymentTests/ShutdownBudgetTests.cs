using FoodDelivery.ManifestToKubernetes.Kubernetes;
using k8s.Models;
using Microsoft.Extensions.Hosting;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// A service pod that is stopped gets the preStop sleep, then SIGTERM and the host's shutdown timeout
/// (<see cref="GracefulShutdown"/>, what the services really configure) to drain requests, deliveries and confirms;
/// the kubelet's SIGKILL must come after both, or a rolling update cuts off exactly the work graceful shutdown keeps.
/// </summary>
public sealed class ShutdownBudgetTests(LayoutBuilds builds) : IClassFixture<LayoutBuilds>
{
    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void The_grace_period_outlasts_the_preStop_sleep_and_the_services_shutdown_timeout(string layout)
    {
        var services = builds[layout].Objects.OfType<V1Deployment>()
            .Where(d => d.Spec.Template.Metadata.Labels[DeploymentConventions.ComponentLabel] == DeploymentConventions.ServiceComponent)
            .ToList();
        Assert.NotEmpty(services);
        foreach (var service in services)
        {
            var pod = service.Spec.Template.Spec;
            var preStop = pod.Containers.Single().Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
            Assert.True(preStop + GracefulShutdown.TimeoutSeconds < pod.TerminationGracePeriodSeconds,
                $"{service.Name()}: preStop {preStop} s + shutdown timeout {GracefulShutdown.TimeoutSeconds} s >= grace period {pod.TerminationGracePeriodSeconds} s");
        }
    }

    [Fact]
    public void The_generator_computes_the_grace_period_from_the_services_shutdown_timeout() =>
        Assert.Equal(GracefulShutdown.TimeoutSeconds, RollingUpdateDrain.HostShutdownSeconds);
}
