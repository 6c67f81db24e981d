using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using k8s;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// A kustomization under aspire-manifest/ built by <c>kubectl kustomize</c> from a copy of the folder with
/// every secret file made up (<c>base-KEY</c> for each key). Kubernetes' own kinds are loaded strictly by
/// KubernetesClient (an unknown field fails); operators' kinds are kept as JSON for their CRD schemas.
/// </summary>
public sealed class OverlayBuild : IDisposable
{
    readonly DirectoryInfo workspace = Directory.CreateTempSubdirectory("fooddelivery-build-");

    /// <param name="path">The kustomization's folder relative to aspire-manifest/.</param>
    /// <param name="kustomization">A kustomization.yaml to write there first (a user's own overlay), if any.</param>
    /// <param name="files">More files to make up first, by path relative to aspire-manifest/ (an overlay's own secrets).</param>
    /// <param name="source">The folder to copy instead of the committed aspire-manifest/ (output generated with other options).</param>
    public OverlayBuild(string path, string? kustomization = null, IReadOnlyDictionary<string, IEnumerable<string>>? files = null, string? source = null)
    {
        Root = Path.Combine(workspace.FullName, "aspire-manifest");
        KustomizeBuild.CopyDirectory(source ?? Repository.ManifestDirectory, Root);
        var k8s = Path.Combine(Root, "k8s");
        File.WriteAllLines(Path.Combine(k8s, DeploymentConventions.SecretsFile), MadeUp(Path.Combine(k8s, DeploymentConventions.SecretsExampleFile), "base-"));
        // The layouts' other input files (the HA overlay's backup store...), made up the same way; files below may replace them.
        foreach (var example in Directory.EnumerateFiles(Root, "*.env.example", SearchOption.AllDirectories).Where(e => !File.Exists(e[..^".example".Length])))
        {
            File.WriteAllLines(example[..^".example".Length], MadeUp(example, "base-"));
        }
        foreach (var (file, lines) in files ?? new Dictionary<string, IEnumerable<string>>())
        {
            File.WriteAllLines(Path.Combine(Root, file), lines);
        }
        var target = Path.Combine(Root, path);
        if (kustomization is not null)
        {
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "kustomization.yaml"), kustomization);
        }
        Yaml = KustomizeBuild.Kubectl("kustomize", target);
        (Objects, CustomResources) = Load(Yaml);
    }

    /// <summary>The copy of aspire-manifest/ it was built from.</summary>
    public string Root { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public IReadOnlyList<JsonObject> CustomResources { get; }

    public JsonObject CustomResource(string kind, string name) =>
        CustomResources.Single(r => (string?)r["kind"] == kind && (string?)r["metadata"]?["name"] == name);

    public void Dispose() => workspace.Delete(recursive: true);

    /// <summary>Every key of an env example file with the value <paramref name="prefix"/>KEY.</summary>
    static IEnumerable<string> MadeUp(string example, string prefix) =>
        File.ReadAllLines(example)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)])
            .Select(key => $"{key}={prefix}{key}");

    /// <summary>
    /// Kubernetes' own kinds loaded strictly by KubernetesClient (a field the API does not know fails the load);
    /// operators' kinds kept as JSON for their CRD schemas.
    /// </summary>
    internal static (IReadOnlyList<object> Objects, IReadOnlyList<JsonObject> CustomResources) Load(string yaml)
    {
        var documents = yaml.Split("\n---\n").Where(d => d.Trim().Length > 0).ToList();
        var custom = documents.Where(d => CustomResourceDefinitions.IsCustom(ApiVersionOf(d))).ToList();
        return (KubernetesYaml.LoadAllFromString(string.Join("\n---\n", documents.Except(custom)), strict: true),
            custom.SelectMany(YamlDocuments.Load).OfType<JsonObject>().ToList());
    }

    static string ApiVersionOf(string document) =>
        document.Split('\n').FirstOrDefault(l => l.StartsWith("apiVersion:", StringComparison.Ordinal))?["apiVersion:".Length..].Trim() ?? "";
}
