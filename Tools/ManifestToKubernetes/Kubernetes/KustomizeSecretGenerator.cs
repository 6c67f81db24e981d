namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A <c>secretGenerator</c> entry: the Secret is made from env files at <c>kubectl apply -k</c> time.</summary>
public sealed class KustomizeSecretGenerator
{
    public required string Name { get; init; }

    public IList<string> Envs { get; init; } = [];
}
