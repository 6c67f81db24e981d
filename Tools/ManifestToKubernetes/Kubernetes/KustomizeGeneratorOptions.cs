namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A generator's <c>options</c>: without the content-hash suffix, the object keeps the name others are told.</summary>
public sealed class KustomizeGeneratorOptions
{
    public bool? DisableNameSuffixHash { get; init; }
}
