namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A resource's folder in the kustomize layout: its objects and the kustomization that lists them.</summary>
public sealed record ResourceFolder(string Name, IReadOnlyList<KubernetesFile> Files)
{
    public Kustomization Kustomization => new() { Resources = Files.Select(f => f.FileName).ToList() };
}
