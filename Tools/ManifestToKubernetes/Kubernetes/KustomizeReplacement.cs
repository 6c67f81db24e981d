namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A <c>replacements</c> entry: copies one field's value into fields of other objects.</summary>
public sealed class KustomizeReplacement
{
    public required KustomizeReplacementSource Source { get; init; }

    public required IList<KustomizeReplacementTarget> Targets { get; init; }
}
