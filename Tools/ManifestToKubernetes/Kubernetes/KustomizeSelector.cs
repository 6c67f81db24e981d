namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>Selects objects by kind and name (kustomize's <c>target</c> and <c>select</c>).</summary>
public sealed class KustomizeSelector
{
    public string? Kind { get; init; }

    public string? Name { get; init; }
}
