using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// How a pod runs under Pod Security's <c>restricted</c> level: a fixed non-root user, no privilege
/// escalation, every capability dropped, the runtime's default seccomp profile, a read-only root
/// filesystem with an <c>emptyDir</c> for each folder the program writes to, no service-account token
/// (nothing here calls the Kubernetes API) and no Service links in the environment.
/// </summary>
public sealed record PodProfile(string Component, long User, IReadOnlyList<string> WritablePaths)
{
    /// <summary>The services: .NET writes to <c>/tmp</c> only (its diagnostics socket, temporary files).</summary>
    public static PodProfile Service { get; } = new(DeploymentConventions.ServiceComponent, DeploymentConventions.DotNetAppUser, ["/tmp"]);

    public static PodProfile Dashboard { get; } = new(DeploymentConventions.DashboardComponent, DeploymentConventions.DotNetAppUser, ["/tmp"]);

    /// <summary>
    /// The broker and the database run as their images' own user (999), which owns their volume through
    /// <c>fsGroup</c>; the entrypoints skip their root-only steps then. RabbitMQ's start script renders its
    /// definitions under <c>/tmp</c>; PostgreSQL puts its socket in <c>/var/run/postgresql</c>.
    /// </summary>
    public static PodProfile Server(string image) => new(
        DeploymentConventions.ServerComponent,
        DeploymentConventions.ServerImageUser,
        image.Contains("postgres", StringComparison.Ordinal) ? ["/tmp", "/var/run/postgresql"] : ["/tmp"]);

    public V1PodSecurityContext PodSecurityContext() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = User,
        RunAsGroup = User,
        FsGroup = Component == DeploymentConventions.ServerComponent ? User : null,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext ContainerSecurityContext() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };

    public IEnumerable<(V1Volume Volume, V1VolumeMount Mount)> ScratchVolumes() => WritablePaths.Select(path =>
    {
        var name = "scratch-" + WorkloadFactory.VolumeName(path.Replace('/', '-'));
        return (
            new V1Volume { Name = name, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("256Mi") } },
            new V1VolumeMount { Name = name, MountPath = path });
    });

    /// <summary>Applies the profile to a pod spec and its one container.</summary>
    public void Apply(V1PodSpec pod)
    {
        var container = pod.Containers.Single();
        container.SecurityContext = ContainerSecurityContext();
        pod.SecurityContext = PodSecurityContext();
        pod.AutomountServiceAccountToken = false;
        pod.EnableServiceLinks = false;
        var scratch = ScratchVolumes().ToList();
        pod.Volumes = [.. pod.Volumes ?? [], .. scratch.Select(s => s.Volume)];
        container.VolumeMounts = [.. container.VolumeMounts ?? [], .. scratch.Select(s => s.Mount)];
    }
}
