namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>A key of the deploy-time Secret, with what a person needs to know to supply its value.</summary>
public sealed record DeploymentSecret(string Key, string Description);
