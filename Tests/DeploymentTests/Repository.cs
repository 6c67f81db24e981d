namespace FoodDelivery.DeploymentTests;

/// <summary>Paths of the checked-out repository the tests compare generated output against.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string ManifestDirectory => Path.Combine(Root, "aspire-manifest");

    public static string ManifestPath => Path.Combine(ManifestDirectory, "aspire-manifest.json");

    public static string KubernetesDirectory => Path.Combine(ManifestDirectory, "k8s");

    public static string TwoClustersManifestPath => Path.Combine(ManifestDirectory, "two-clusters", "aspire-manifest.json");

    public static string OverlaysDirectory => Path.Combine(ManifestDirectory, "overlays");

    public static string AspirateSecretsDirectory => Path.Combine(ManifestDirectory, "aspirate-secrets");

    /// <summary>Every file under <paramref name="directory"/> by relative path, but an operator's own (git-ignored) <c>.env</c> files.</summary>
    public static SortedDictionary<string, string> Files(string directory) => new(
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            // secrets.env, shared-secrets.env, the HA overlay's backup-store.env and its credentials: git-ignored
            .Where(f => Path.GetExtension(f) != ".env")
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllText),
        StringComparer.Ordinal);

    public static string RegenerateHint => "run scripts/generate-deployment.sh and commit aspire-manifest/";

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoodDelivery.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No FoodDelivery.slnx above {AppContext.BaseDirectory}.");
    }
}
