using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// A kustomize Component for aspirate's output: aspirate makes Secrets only of <c>ConnectionString*</c>,
/// <c>POSTGRES_PASSWORD</c> and <c>MSSQL_SA_PASSWORD</c>, so every other secret (operator key, token
/// signing key, broker and database passwords) lands in the resource's ConfigMap <c>{name}-env</c>.
/// Per such resource the Component adds a Secret <c>{name}-config-secrets</c>, copies those keys' values
/// into it (an inner Component's <c>replacements</c>, which run before the outer one's patches), removes
/// them from the ConfigMap, and adds the Secret to the container's <c>envFrom</c>.
/// </summary>
public static class AspirateSecretsComponent
{
    const string CopyFolder = "copy";

    /// <summary>The variable names aspirate itself turns into Secrets (its <c>SecretProvider</c> rules).</summary>
    public static bool AspirateMakesSecretOf(string variable) =>
        ContainerEnvironment.IsConnectionString(variable) || variable is "POSTGRES_PASSWORD" or "MSSQL_SA_PASSWORD";

    public static string ConfigMapName(string resource) => $"{resource}-env";

    public static string SecretName(string resource) => $"{resource}-config-secrets";

    /// <summary>Per workload, the variables aspirate writes into its ConfigMap although they carry a secret.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> MisplacedSecrets(AspireManifest manifest)
    {
        var resolver = new ExpressionResolver(manifest);
        return manifest.Resources.Where(r => r.IsWorkload)
            .Select(r => (r.Name, Keys: (IReadOnlyList<string>)r.Environment
                .Where(e => !AspirateMakesSecretOf(e.Key) && resolver.Resolve(e.Value).HasSecrets)
                .Select(e => e.Key).ToList()))
            .Where(r => r.Keys.Count > 0)
            .ToDictionary(r => r.Name, r => r.Keys, StringComparer.Ordinal);
    }

    public static void WriteTo(AspireManifest manifest, string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(Path.Combine(directory, CopyFolder));
        var misplaced = MisplacedSecrets(manifest);
        var patches = new List<KustomizePatch>();
        var replacements = new List<KustomizeReplacement>();
        foreach (var (resource, keys) in misplaced)
        {
            var workloadKind = manifest.ByName[resource].Volumes.Count > 0 ? "StatefulSet" : "Deployment";
            var secret = new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = SecretName(resource), Labels = new Dictionary<string, string> { ["app"] = resource } },
                Type = "Opaque",
                // Placeholders: the inner Component overwrites each with the ConfigMap's value, or fails the build.
                StringData = keys.ToDictionary(k => k, _ => "copied-from-the-configmap-by-kustomize"),
            }.Typed();
            Write(directory, $"{resource}-secret.yaml", secret);
            Write(directory, $"{resource}-configmap-patch.yaml", keys.Select(k => new JsonPatchOperation("remove", $"/data/{Escape(k)}")).ToList());
            Write(directory, $"{resource}-workload-patch.yaml", new[]
            {
                new JsonPatchOperation("add", "/spec/template/spec/containers/0/envFrom/-",
                    new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = SecretName(resource) } }),
            });
            patches.Add(new KustomizePatch { Path = $"{resource}-configmap-patch.yaml", Target = new KustomizeSelector { Kind = "ConfigMap", Name = ConfigMapName(resource) } });
            patches.Add(new KustomizePatch { Path = $"{resource}-workload-patch.yaml", Target = new KustomizeSelector { Kind = workloadKind, Name = resource } });
            replacements.AddRange(keys.Select(key => new KustomizeReplacement
            {
                Source = new KustomizeReplacementSource { Kind = "ConfigMap", Name = ConfigMapName(resource), FieldPath = $"data.{key}" },
                Targets = [new KustomizeReplacementTarget { Select = new KustomizeSelector { Kind = "Secret", Name = SecretName(resource) }, FieldPaths = [$"stringData.{key}"] }],
            }));
        }
        var outer = Kustomization.Component([.. misplaced.Keys.Select(r => $"{r}-secret.yaml")]);
        Write(directory, "kustomization.yaml", new Kustomization
        {
            ApiVersion = outer.ApiVersion,
            Kind = outer.Kind,
            Resources = outer.Resources,
            Components = [CopyFolder],
            Patches = patches,
        });
        var inner = Kustomization.Component();
        Write(Path.Combine(directory, CopyFolder), "kustomization.yaml", new Kustomization
        {
            ApiVersion = inner.ApiVersion,
            Kind = inner.Kind,
            Replacements = replacements,
        });
    }

    // JSON pointer escaping (RFC 6901).
    static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    static void Write(string directory, string fileName, object content) =>
        File.WriteAllText(Path.Combine(directory, fileName), new KubernetesFile(fileName, content).ToYaml());
}
