namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>Where a replacement writes its value.</summary>
public sealed class KustomizeReplacementTarget
{
    public required KustomizeSelector Select { get; init; }

    public required IList<string> FieldPaths { get; init; }
}
