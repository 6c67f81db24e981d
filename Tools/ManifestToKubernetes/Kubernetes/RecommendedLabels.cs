using System.Text.RegularExpressions;
using FoodDelivery.ManifestToKubernetes.Manifest;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// Kubernetes' recommended labels (<c>app.kubernetes.io/*</c>), the one place every generated object and pod
/// template gets them: <c>name</c> (the workload: what selectors and NetworkPolicies match, so it never changes),
/// <c>instance</c> (this installation of it), <c>version</c> (its image tag), <c>component</c> (its role, which the
/// NetworkPolicies also match), <c>part-of</c> and <c>managed-by</c>. Selectors use <c>name</c> only: a Deployment's
/// selector is immutable, and a version in it would make every upgrade a delete and re-create.
/// Objects of the whole system (the namespace, the Secret, the shared NetworkPolicies) belong to the application itself.
/// </summary>
public static partial class RecommendedLabels
{
    public const string InstanceLabel = "app.kubernetes.io/instance";

    public const string VersionLabel = "app.kubernetes.io/version";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The objects are applied with <c>kubectl apply -k</c>.</summary>
    public const string ManagedBy = "kustomize";

    /// <summary>The component of objects that belong to the whole system rather than one workload.</summary>
    public const string PlatformComponent = "platform";

    public static readonly IReadOnlyList<string> Keys =
    [
        DeploymentConventions.NameLabel, InstanceLabel, VersionLabel, DeploymentConventions.ComponentLabel, DeploymentConventions.PartOfLabel, ManagedByLabel,
    ];

    /// <summary>The six labels of workload <paramref name="name"/> of the application <paramref name="partOf"/>.</summary>
    public static Dictionary<string, string> Create(string name, string component, string version, string partOf) => new()
    {
        [DeploymentConventions.NameLabel] = name,
        [InstanceLabel] = LabelValue(name == partOf ? name : $"{name}-{partOf}"),
        [VersionLabel] = LabelValue(version),
        [DeploymentConventions.ComponentLabel] = component,
        [DeploymentConventions.PartOfLabel] = partOf,
        [ManagedByLabel] = ManagedBy,
    };

    /// <summary>A project (a service, at the release's tag) or a container (a server, at its image's tag).</summary>
    public static Dictionary<string, string> Of(ManifestResource resource, GeneratorOptions options) => resource.IsProject
        ? Create(resource.Name, DeploymentConventions.ServiceComponent, options.ImageTag, options.Namespace)
        : Create(resource.Name, DeploymentConventions.ServerComponent, VersionOf(resource.Image ?? options.ImageTag), options.Namespace);

    /// <summary>The standalone dashboard, at its image's tag.</summary>
    public static Dictionary<string, string> Dashboard(GeneratorOptions options) => Create(DeploymentConventions.DashboardName,
        DeploymentConventions.DashboardComponent, VersionOf(DeploymentConventions.DashboardImage), options.Namespace);

    /// <summary>The application's own: objects of the whole system, at the release's tag.</summary>
    public static Dictionary<string, string> Application(GeneratorOptions options) =>
        Create(options.Namespace, PlatformComponent, options.ImageTag, options.Namespace);

    /// <summary>The tag of an image reference (<c>repo:tag</c>, <c>repo:tag@sha256:…</c>), or the reference's last segment without one.</summary>
    public static string VersionOf(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var lastSegment = withoutDigest[(withoutDigest.LastIndexOf('/') + 1)..];
        var colon = lastSegment.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? lastSegment[(colon + 1)..] : lastSegment;
    }

    /// <summary>A label value: at most 63 characters of letters, digits, '-', '_' and '.', starting and ending alphanumeric.</summary>
    static string LabelValue(string value)
    {
        var cleaned = NotLabel().Replace(value, "-");
        cleaned = cleaned.Length <= 63 ? cleaned : cleaned[..63];
        return cleaned.Trim('-', '_', '.');
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NotLabel();
}
