namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>One RFC 6902 operation of a kustomize JSON patch file.</summary>
public sealed record JsonPatchOperation(string Op, string Path, object? Value = null);
