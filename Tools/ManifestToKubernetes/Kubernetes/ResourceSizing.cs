using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// Requests and limits. Requests are what the scheduler reserves (small, so the whole system fits a small
/// cluster); limits stop one runaway pod from starving the node. Override with a kustomize patch.
/// </summary>
public static class ResourceSizing
{
    public static V1ResourceRequirements Service() => Sized("100m", "192Mi", "1", "512Mi");

    /// <summary>Broker and database servers: they hold every service's data and queues.</summary>
    public static V1ResourceRequirements Server() => Sized("250m", "512Mi", "2", "1Gi");

    public static V1ResourceRequirements Dashboard() => Sized("50m", "128Mi", "500m", "512Mi");

    /// <summary>The claim per volume (aspirate's default size).</summary>
    public static ResourceQuantity VolumeSize() => new("1Gi");

    static V1ResourceRequirements Sized(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuLimit), ["memory"] = new(memoryLimit) },
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuRequest), ["memory"] = new(memoryRequest) },
    };
}
