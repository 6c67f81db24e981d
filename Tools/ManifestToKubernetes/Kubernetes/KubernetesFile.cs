using k8s;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>One object, written as one YAML file of a resource's folder.</summary>
public sealed record KubernetesFile(string FileName, object Content)
{
    // Files end with a newline, as editors and linters expect.
    public string ToYaml() => KubernetesYaml.Serialize(Content).TrimEnd('\n') + "\n";
}
