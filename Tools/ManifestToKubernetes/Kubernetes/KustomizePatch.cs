namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A <c>patches</c> entry: a patch file (or an inline <see cref="Patch"/>) applied to the objects <see cref="Target"/> selects.</summary>
public sealed class KustomizePatch
{
    public string? Path { get; init; }

    /// <summary>The patch itself, for one too small to deserve a file (a <c>$patch: delete</c>).</summary>
    public string? Patch { get; init; }

    public KustomizeSelector? Target { get; init; }
}
