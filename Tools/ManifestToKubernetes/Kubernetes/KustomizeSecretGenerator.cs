namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A <c>secretGenerator</c> entry: the Secret is made from env files at <c>kubectl apply -k</c> time.</summary>
public sealed class KustomizeSecretGenerator
{
    public required string Name { get; init; }

    /// <summary><c>merge</c>: add to (and override keys of) the Secret of the same name in the base.</summary>
    public string? Behavior { get; init; }

    public IList<string> Envs { get; init; } = [];

    public KustomizeGeneratorOptions? Options { get; init; }
}
