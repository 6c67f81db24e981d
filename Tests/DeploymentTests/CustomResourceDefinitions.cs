namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The schemas the generated custom resources are checked against. The operators' published CRDs (see
/// crds/README.md for which releases) are public data of other projects, so they are not committed here: they
/// sit in the steering repo's <c>shared/crds/</c>, which developers have beside the checkout, or wherever
/// <c>FD_CRD_DIRECTORY</c> points. Where they are not at hand (CI), each kind is checked against its structural
/// schema in crds/structural, written here and proved no looser than the published one wherever that one is.
/// </summary>
public static class CustomResourceDefinitions
{
    public const string DirectoryVariable = "FD_CRD_DIRECTORY";

    public static string PublishedDirectory { get; } = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
        ? configured
        : Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "crds"));

    public static string StructuralDirectory { get; } = Path.Combine(Repository.Root, "Tests", "DeploymentTests", "crds", "structural");

    static readonly Lazy<IReadOnlyList<CustomResourceSchema>> LoadedPublished = new(() => Load(PublishedDirectory));

    static readonly Lazy<IReadOnlyList<CustomResourceSchema>> LoadedStructural = new(() => Load(StructuralDirectory));

    public static IReadOnlyList<CustomResourceSchema> Published => LoadedPublished.Value;

    public static IReadOnlyList<CustomResourceSchema> Structural => LoadedStructural.Value;

    /// <summary>Why the published CRDs cannot be compared with here, or null when they can.</summary>
    public static string? PublishedMissingReason => Published.Count > 0
        ? null
        : $"No published CRDs in {PublishedDirectory}: put the files crds/README.md lists there, or point {DirectoryVariable} at them.";

    /// <summary>The published CRD's schema of a kind when it is at hand, else the structural one.</summary>
    public static CustomResourceSchema For(string apiVersion, string kind) =>
        Find(Published, apiVersion, kind) ?? StructuralFor(apiVersion, kind);

    public static CustomResourceSchema StructuralFor(string apiVersion, string kind) =>
        Find(Structural, apiVersion, kind) ?? throw new InvalidOperationException($"No structural schema for {kind} {apiVersion} in {StructuralDirectory}.");

    public static CustomResourceSchema? PublishedFor(string apiVersion, string kind) => Find(Published, apiVersion, kind);

    /// <summary>A kind of an API group that is not Kubernetes' own (those have no dot, or end in k8s.io).</summary>
    public static bool IsCustom(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        return group.Contains('.', StringComparison.Ordinal) && !group.EndsWith(".k8s.io", StringComparison.Ordinal);
    }

    static CustomResourceSchema? Find(IReadOnlyList<CustomResourceSchema> schemas, string apiVersion, string kind) =>
        schemas.SingleOrDefault(s => s.ApiVersion == apiVersion && s.Kind == kind);

    static IReadOnlyList<CustomResourceSchema> Load(string directory) => Directory.Exists(directory)
        ? Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => CustomResourceSchema.FromDefinition(File.ReadAllText(f))).ToList()
        : [];
}
