using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// A service pod that is told to stop keeps serving for a few seconds first: the kubelet runs the preStop hook
/// before SIGTERM, while the endpoint controller, kube-proxy and the ingress controller drop the pod from their
/// endpoints. Without it Kestrel stops at once and the requests routed to it meanwhile fail, so every rolling
/// update loses some. The images have no shell (no <c>sh -c "sleep 5"</c>), so the hook is the kubelet's own
/// <c>sleep</c> action (Kubernetes 1.30+, on by default). The grace period covers the sleep and the host's
/// shutdown (.NET waits up to 30 s for requests in flight) with room to spare, so no request is cut off by SIGKILL.
/// </summary>
public static class RollingUpdateDrain
{
    /// <summary>Long enough for endpoint removal to reach kube-proxy and the ingress controller.</summary>
    public const int PreStopSleepSeconds = 5;

    /// <summary>
    /// The services' <c>HostOptions.ShutdownTimeout</c> (ServiceDefaults' <c>GracefulShutdown</c>; the deployment tests
    /// hold the two equal): requests, deliveries and confirms in flight get this long after SIGTERM.
    /// </summary>
    public const int HostShutdownSeconds = 30;

    public const long TerminationGracePeriodSeconds = PreStopSleepSeconds + HostShutdownSeconds + 10;

    public static void Apply(V1PodSpec pod)
    {
        pod.Containers.Single().Lifecycle = new V1Lifecycle
        {
            PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = PreStopSleepSeconds } },
        };
        pod.TerminationGracePeriodSeconds = TerminationGracePeriodSeconds;
    }
}
