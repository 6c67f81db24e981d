namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>A <c>{...}</c> expression aspirate could not resolve: the value would reach the pod as literal text.</summary>
public sealed class ManifestExpressionException(string message) : Exception(message);
