namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A generator's <c>options</c>: what kustomize puts on the object it generates.</summary>
public sealed class KustomizeGeneratorOptions
{
    public IDictionary<string, string>? Labels { get; init; }
}
