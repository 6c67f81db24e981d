namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>Where a replacement reads its value.</summary>
public sealed class KustomizeReplacementSource
{
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string FieldPath { get; init; }
}
