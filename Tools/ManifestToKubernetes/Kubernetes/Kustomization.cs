namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// A <c>kustomization.yaml</c>. KubernetesClient has no model for it (it is kustomize's file, not an API
/// object), so this is the smallest typed one, serialised by the same <c>KubernetesYaml</c>.
/// </summary>
public sealed class Kustomization
{
    public string ApiVersion { get; init; } = "kustomize.config.k8s.io/v1beta1";

    public string Kind { get; init; } = "Kustomization";

    public string? Namespace { get; init; }

    public IList<string> Resources { get; init; } = [];

    public IList<KustomizeSecretGenerator>? SecretGenerator { get; init; }

    public IList<KustomizeConfigMapGenerator>? ConfigMapGenerator { get; init; }

    public IList<string>? Components { get; init; }

    public IList<KustomizePatch>? Patches { get; init; }

    public IList<KustomizeReplacement>? Replacements { get; init; }

    /// <summary>Files that teach kustomize fields of custom kinds (which of their fields name a Secret).</summary>
    public IList<string>? Configurations { get; init; }

    /// <summary>A kustomize Component: a reusable set of changes that a kustomization opts into with <c>components:</c>.</summary>
    public static Kustomization Component(IList<string>? resources = null) => new()
    {
        ApiVersion = "kustomize.config.k8s.io/v1alpha1",
        Kind = "Component",
        Resources = resources ?? [],
    };
}
