namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>A named volume of a container; in Kubernetes it becomes a persistent volume claim.</summary>
public sealed record ManifestVolume(string Name, string Target, bool ReadOnly);
