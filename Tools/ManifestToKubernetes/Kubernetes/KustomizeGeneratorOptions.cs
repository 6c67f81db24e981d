namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A generator's <c>options</c>: what kustomize puts on the object it generates, and whether its name gets the content hash.</summary>
public sealed class KustomizeGeneratorOptions
{
    public IDictionary<string, string>? Labels { get; init; }

    /// <summary>Without the content-hash suffix, the object keeps the name others are told.</summary>
    public bool? DisableNameSuffixHash { get; init; }
}
