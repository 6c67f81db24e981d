namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// An object of an operator's kind (RabbitmqCluster, CNPG Cluster, PrometheusRule...). KubernetesClient has
/// no models for them, so they are plain maps in the order they are written, serialised by the same
/// <c>KubernetesYaml</c>; built-in parts inside them (a container, resources) stay typed models. The
/// deployment tests check every one against its operator's published CRD schema.
/// </summary>
public static class CustomResource
{
    public static Dictionary<string, object?> Create(string apiVersion, string kind, string name, IDictionary<string, string>? labels, object spec) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = labels is null ? Map(("name", name)) : Map(("name", name), ("labels", labels)),
        ["spec"] = spec,
    };

    /// <summary>A map of the given entries, null values left out (as the typed models leave them out).</summary>
    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries.Where(e => e.Value is not null))
        {
            map[key] = value;
        }
        return map;
    }
}
