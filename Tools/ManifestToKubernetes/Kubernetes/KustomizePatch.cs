namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A <c>patches</c> entry: a patch file applied to the objects <see cref="Target"/> selects.</summary>
public sealed class KustomizePatch
{
    public required string Path { get; init; }

    public KustomizeSelector? Target { get; init; }
}
