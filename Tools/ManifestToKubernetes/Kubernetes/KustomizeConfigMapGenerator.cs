namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A <c>configMapGenerator</c> entry; <c>behavior: merge</c> adds its values to a ConfigMap of the base.</summary>
public sealed class KustomizeConfigMapGenerator
{
    public required string Name { get; init; }

    public string? Behavior { get; init; }

    public IList<string>? Envs { get; init; }

    public IList<string>? Literals { get; init; }

    public KustomizeGeneratorOptions? Options { get; init; }
}
