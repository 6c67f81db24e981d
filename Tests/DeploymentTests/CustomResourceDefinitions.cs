namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The operators' published CRDs the generated custom resources are checked against (see crds/README.md for
/// which releases). They are public data of other projects, so they are not committed here: they sit in the
/// steering repo's <c>shared/crds/</c>, which developers and CI have beside the checkout, or wherever
/// <c>FD_CRD_DIRECTORY</c> points.
/// </summary>
public static class CustomResourceDefinitions
{
    public const string DirectoryVariable = "FD_CRD_DIRECTORY";

    public static string Directory { get; } = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
        ? configured
        : Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "crds"));

    static readonly Lazy<IReadOnlyList<CustomResourceSchema>> Loaded = new(() => System.IO.Directory.Exists(Directory)
        ? System.IO.Directory.EnumerateFiles(Directory, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => CustomResourceSchema.FromDefinition(File.ReadAllText(f))).ToList()
        : []);

    public static IReadOnlyList<CustomResourceSchema> Schemas => Loaded.Value;

    /// <summary>Why the schema checks cannot run here, or null when they can.</summary>
    public static string? MissingReason => Schemas.Count > 0
        ? null
        : $"No CRDs in {Directory}: put the files crds/README.md lists there, or point {DirectoryVariable} at them.";

    public static CustomResourceSchema For(string apiVersion, string kind) =>
        Schemas.SingleOrDefault(s => s.ApiVersion == apiVersion && s.Kind == kind)
        ?? throw new InvalidOperationException($"No CRD for {kind} {apiVersion} in {Directory}.");

    /// <summary>A kind of an API group that is not Kubernetes' own (those have no dot, or end in k8s.io).</summary>
    public static bool IsCustom(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        return group.Contains('.', StringComparison.Ordinal) && !group.EndsWith(".k8s.io", StringComparison.Ordinal);
    }
}
