using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// A bind mount as a pod can have it: a ConfigMap of the mounted file, or of every file of the mounted
/// folder, mounted read-only where the container expects it. Executable files stay executable (an init
/// script the image runs rather than sources). A pod has no repository to bind from, and aspirate's
/// hostPath volume would be an empty folder on the node.
/// </summary>
public sealed record MountedFiles(KubernetesFile ConfigMap, V1Volume Volume, V1VolumeMount Mount)
{
    const int Executable = 0b111_101_101; // 0755
    const int MaxNameLength = 63;

    public static MountedFiles Create(string owner, ManifestBindMount bindMount, string manifestDirectory, V1ObjectMeta metadata)
    {
        var source = Path.GetFullPath(Path.Combine(manifestDirectory, bindMount.Source));
        var folder = Directory.Exists(source);
        if (!folder && !File.Exists(source))
        {
            throw new InvalidDataException($"{owner} mounts {bindMount.Source}, which is not there (relative to {manifestDirectory}).");
        }
        var files = folder
            ? Directory.EnumerateFiles(source).Order(StringComparer.Ordinal).ToList()
            : [source];

        var sourceName = WorkloadFactory.VolumeName(Path.GetFileName(source.TrimEnd(Path.DirectorySeparatorChar)));
        var name = $"{owner}-{sourceName}";
        name = name.Length <= MaxNameLength ? name : name[..MaxNameLength].TrimEnd('-');
        metadata.Name = name;
        var configMap = new V1ConfigMap
        {
            Metadata = metadata,
            Data = files.ToDictionary(file => Path.GetFileName(file), File.ReadAllText, StringComparer.Ordinal),
        }.Typed();

        var volume = new V1Volume
        {
            Name = name,
            ConfigMap = new V1ConfigMapVolumeSource
            {
                Name = name,
                Items = files.Select(file => new V1KeyToPath
                {
                    Key = Path.GetFileName(file),
                    Path = Path.GetFileName(file),
                    Mode = IsExecutable(file) ? Executable : null,
                }).ToList(),
            },
        };
        var mount = new V1VolumeMount
        {
            Name = name,
            MountPath = bindMount.Target,
            // A single file lands at the target itself, beside whatever the image has in that folder.
            SubPath = folder ? null : Path.GetFileName(source),
            // ConfigMap volumes are read-only whatever the manifest says.
            ReadOnlyProperty = true,
        };
        return new MountedFiles(new KubernetesFile($"configmap-{sourceName}.yaml", configMap), volume, mount);
    }

    static bool IsExecutable(string file) =>
        !OperatingSystem.IsWindows() && File.GetUnixFileMode(file).HasFlag(UnixFileMode.UserExecute);
}
