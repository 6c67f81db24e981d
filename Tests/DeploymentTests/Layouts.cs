using FoodDelivery.ManifestToKubernetes.Kubernetes;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// Every layout an operator can apply, built by <c>kubectl kustomize</c> with every secret file made up from its
/// example: the single-cluster base <c>k8s</c>, the HA overlay and both cluster overlays. Conventions that hold for
/// every workload are checked on all four.
/// </summary>
public static class Layouts
{
    public const string Base = "k8s";

    public static readonly string HighAvailability = $"overlays/{HighAvailabilityOverlay.FolderName}";

    public static readonly string[] Clusters = ["overlays/east", "overlays/west"];

    public static IEnumerable<object[]> All => new[] { Base, HighAvailability }.Concat(Clusters).Select(layout => new object[] { layout });

    public static IEnumerable<object[]> ClusterOverlays => Clusters.Select(layout => new object[] { layout });

    /// <summary>
    /// <paramref name="layout"/> built from a copy of <paramref name="source"/> (the committed aspire-manifest/ by default),
    /// each secret's value made from its key, but those <paramref name="changed"/> gives another value.
    /// </summary>
    public static OverlayBuild Build(string layout, IReadOnlyDictionary<string, string>? changed = null, string? source = null)
    {
        source ??= Repository.ManifestDirectory;
        var files = new Dictionary<string, IEnumerable<string>>(StringComparer.Ordinal);
        foreach (var example in Directory.EnumerateFiles(source, "*.env.example", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, example);
            files[relative[..^".example".Length]] = File.ReadAllLines(example)
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)])
                .Select(key => $"{key}={changed?.GetValueOrDefault(key) ?? key.Replace("-", "", StringComparison.Ordinal)}")
                .ToList();
        }
        return new OverlayBuild(layout, files: files, source: source);
    }
}
