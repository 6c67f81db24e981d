using System.Text.RegularExpressions;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// Where each environment variable of a pod goes. Plain values go into the resource's ConfigMap; a value
/// that is a secret comes from the Secret; a value with secrets inside (a connection string with its
/// password) is composed in the pod from Secret-fed variables with Kubernetes' <c>$(VAR)</c> expansion,
/// so each password is supplied once, in <c>secrets.env</c>, and never written into any file here.
/// Connection strings never go into a ConfigMap, even without secrets, as aspirate does.
/// </summary>
public sealed partial class ContainerEnvironment
{
    ContainerEnvironment(IReadOnlyDictionary<string, string> configMapData, IList<V1EnvVar> variables)
    {
        ConfigMapData = configMapData;
        Variables = variables;
    }

    public IReadOnlyDictionary<string, string> ConfigMapData { get; }

    public IList<V1EnvVar> Variables { get; }

    public static ContainerEnvironment From(IEnumerable<KeyValuePair<string, ResolvedValue>> environment)
    {
        var configMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var secretFed = new List<V1EnvVar>();
        var variables = new List<V1EnvVar>();
        var secretVariables = new Dictionary<string, string>(StringComparer.Ordinal);

        string SecretVariable(string key)
        {
            if (!secretVariables.TryGetValue(key, out var variable))
            {
                variable = "ASPIRE_SECRET_" + NonIdentifier().Replace(key.ToUpperInvariant(), "_");
                secretVariables[key] = variable;
                secretFed.Add(FromSecret(variable, key));
            }
            return variable;
        }

        foreach (var (name, value) in environment)
        {
            if (value.WholeSecretKey is { } key)
            {
                variables.Add(FromSecret(name, key));
            }
            else if (value.HasSecrets)
            {
                variables.Add(new V1EnvVar { Name = name, Value = value.ToDependentVariableExpansion(SecretVariable) });
            }
            else if (IsConnectionString(name))
            {
                variables.Add(new V1EnvVar { Name = name, Value = value.ToDependentVariableExpansion(SecretVariable) });
            }
            else
            {
                configMap[name] = value.Literal;
            }
        }
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        return new ContainerEnvironment(configMap, [.. secretFed, .. variables]);
    }

    public static bool IsConnectionString(string variableName) =>
        variableName.StartsWith("ConnectionString", StringComparison.OrdinalIgnoreCase);

    static V1EnvVar FromSecret(string name, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = DeploymentConventions.SecretName, Key = key } },
    };

    [GeneratedRegex("[^A-Z0-9]")]
    private static partial Regex NonIdentifier();
}
