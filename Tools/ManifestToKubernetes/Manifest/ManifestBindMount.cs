namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>
/// A file or folder of the repository mounted into a container (<c>source</c> is relative to the
/// manifest's folder); in Kubernetes it becomes a ConfigMap of its files.
/// </summary>
public sealed record ManifestBindMount(string Source, string Target, bool ReadOnly);
