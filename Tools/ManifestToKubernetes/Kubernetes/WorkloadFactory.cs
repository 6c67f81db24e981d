using System.Text.RegularExpressions;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// The objects of one project or container of the manifest: a Deployment (projects, containers without
/// volumes) or a StatefulSet with a claim per volume (containers with volumes: the broker and the database
/// keep their data and, for RabbitMQ, their stable host name), a Service for its bindings, a ConfigMap
/// for its plain environment, and a ConfigMap per bind mount (<see cref="MountedFiles"/>).
/// </summary>
public sealed partial class WorkloadFactory(ExpressionResolver resolver, GeneratorOptions options, string manifestDirectory)
{
    // Each workload's recommended labels, by name; anything else is the application's own (RecommendedLabels).
    readonly Dictionary<string, Dictionary<string, string>> owners = new(StringComparer.Ordinal)
    {
        [DeploymentConventions.DashboardName] = RecommendedLabels.Dashboard(options),
    };

    public GeneratorOptions Options => options;

    /// <summary>Makes <paramref name="labels"/> the recommended labels of <paramref name="owner"/>'s objects (a workload made outside <see cref="Create"/>).</summary>
    public void Own(string owner, Dictionary<string, string> labels) => owners[owner] = labels;

    /// <summary>The recommended labels of <paramref name="owner"/>: a workload's, or the application's for anything else.</summary>
    public Dictionary<string, string> LabelsOf(string owner) =>
        new(owners.TryGetValue(owner, out var labels) ? labels : RecommendedLabels.Application(options), StringComparer.Ordinal);

    public ResourceFolder Create(ManifestResource resource, IEnumerable<KeyValuePair<string, ResolvedValue>> extraEnvironment)
    {
        owners[resource.Name] = RecommendedLabels.Of(resource, options);
        var environment = ContainerEnvironment.From(resource.Environment
            .Select(e => KeyValuePair.Create(e.Key, resolver.Resolve(e.Value)))
            .Concat(extraEnvironment));
        var files = new List<KubernetesFile>();
        var configMapName = ConfigMapName(resource.Name);
        if (environment.ConfigMapData.Count > 0)
        {
            files.Add(new KubernetesFile("configmap.yaml", ConfigMap(resource.Name, environment)));
        }

        var mounted = resource.BindMounts.Select(m => MountedFiles.Create(resource.Name, m, manifestDirectory, Metadata(resource.Name))).ToList();
        files.AddRange(mounted.Select(m => m.ConfigMap));
        var secretMounts = TransportSecurity.MountFor(environment.ConfigMapData) is { } tls ? [tls] : Array.Empty<(V1Volume Volume, V1VolumeMount Mount)>();

        var container = new V1Container
        {
            Name = resource.Name,
            Image = resource.IsProject || resource.Image is null ? options.ProjectImage(resource.Name) : options.InfrastructureImage(resource.Image),
            ImagePullPolicy = "IfNotPresent",
            Command = resource.Entrypoint is { } entrypoint ? [Expand(entrypoint, environment)] : null,
            Args = resource.Args.Count > 0 ? resource.Args.Select(a => Expand(a, environment)).ToList() : null,
            Ports = resource.Bindings.Select(b => ContainerPort(b.Name, b.TargetPort)).ToList(),
            EnvFrom = environment.ConfigMapData.Count > 0 ? [EnvFrom(configMapName)] : null,
            Env = environment.Variables.Count > 0 ? environment.Variables : null,
            Resources = resource.IsProject ? ResourceSizing.Service() : ResourceSizing.Server(),
            VolumeMounts = resource.Volumes.Count + mounted.Count + secretMounts.Length > 0
                ? resource.Volumes.Select(v => new V1VolumeMount { Name = VolumeName(v.Name), MountPath = v.Target, ReadOnlyProperty = v.ReadOnly })
                    .Concat(mounted.Select(m => m.Mount)).Concat(secretMounts.Select(m => m.Mount)).ToList()
                : null,
        };
        AddProbes(resource, container);
        var profile = resource.IsProject ? PodProfile.Service : PodProfile.Server(resource.Image ?? "");
        var template = PodTemplate(resource.Name, container, mounted.Select(m => m.Volume).Concat(secretMounts.Select(m => m.Volume)), profile);
        if (resource.IsProject)
        {
            RollingUpdateDrain.Apply(template.Spec);
        }
        files.Add(new KubernetesFile("serviceaccount.yaml", ServiceAccount(resource.Name)));

        files.Add(resource.Volumes.Count > 0
            ? new KubernetesFile("statefulset.yaml", new V1StatefulSet
            {
                Metadata = Metadata(resource.Name),
                Spec = new V1StatefulSetSpec
                {
                    Replicas = 1,
                    ServiceName = HeadlessServiceName(resource.Name),
                    Selector = Selector(resource.Name),
                    Template = template,
                    VolumeClaimTemplates = resource.Volumes.Select(v => new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = VolumeName(v.Name) },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = ResourceSizing.VolumeSize() },
                            },
                        },
                    }).ToList(),
                },
            }.Typed())
            : new KubernetesFile("deployment.yaml", Deployment(resource.Name, template)));

        if (resource.Bindings.Count > 0)
        {
            // The first binding is what clients connect to; management and metrics ports get Services of
            // their own, so a NetworkPolicy or an Ingress can never expose them by accident with the main one.
            var (main, others) = (resource.Bindings[0], resource.Bindings.Skip(1));
            files.Add(new KubernetesFile("service.yaml", Service(resource.Name, resource.Name, [(main.Name, main.ServicePort)])));
            files.AddRange(others.Select(b => new KubernetesFile(
                $"service-{PortName(b.Name)}.yaml", Service(ServiceName(resource, b), resource.Name, [(b.Name, b.ServicePort)]))));
            if (resource.Volumes.Count > 0)
            {
                files.Add(new KubernetesFile("service-headless.yaml", HeadlessService(resource.Name, [main])));
            }
        }
        return new ResourceFolder(resource.Name, files);
    }

    /// <summary>The Service a binding is reached through: the resource's own for its first binding, <c>{resource}-{binding}</c> for the others.</summary>
    public static string ServiceName(ManifestResource resource, ManifestBinding binding) =>
        resource.Bindings.Count == 0 || resource.Bindings[0].Name == binding.Name ? resource.Name : $"{resource.Name}-{PortName(binding.Name)}";

    public static string HeadlessServiceName(string name) => $"{name}-headless";

    /// <summary>
    /// The StatefulSet's governing Service: headless, so each pod has a stable DNS name
    /// (<c>messaging-0.messaging-headless</c>), and listing pods before they are ready (peer discovery).
    /// Only the client port: the management and metrics ports stay on their own Services.
    /// </summary>
    V1Service HeadlessService(string name, IEnumerable<ManifestBinding> bindings) => new V1Service
    {
        Metadata = Metadata(HeadlessServiceName(name), name),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = SelectorLabels(name),
            Ports = bindings.Select(b => new V1ServicePort { Name = PortName(b.Name), Port = b.TargetPort, TargetPort = PortName(b.Name), Protocol = "TCP" }).ToList(),
        },
    }.Typed();

    /// <summary>The plain environment of <paramref name="owner"/>, named <c>{owner}-env</c> and labelled as the owner's.</summary>
    public V1ConfigMap ConfigMap(string owner, ContainerEnvironment environment)
    {
        var metadata = Metadata(owner);
        metadata.Name = ConfigMapName(owner);
        return new V1ConfigMap { Metadata = metadata, Data = environment.ConfigMapData.ToDictionary() }.Typed();
    }

    public static string ConfigMapName(string owner) => $"{owner}-env";

    public V1Deployment Deployment(string name, V1PodTemplateSpec template) => new V1Deployment
    {
        Metadata = Metadata(name),
        Spec = new V1DeploymentSpec { Replicas = 1, Selector = Selector(name), Template = template },
    }.Typed();

    /// <summary>A ClusterIP Service <paramref name="name"/> of <paramref name="owner"/>'s pods: each port forwards to the container port of the same name.</summary>
    public V1Service Service(string name, string owner, IEnumerable<(string Name, int Port)> ports) => new V1Service
    {
        Metadata = Metadata(name, owner),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = SelectorLabels(owner),
            Ports = ports.Select(p => new V1ServicePort { Name = PortName(p.Name), Port = p.Port, TargetPort = PortName(p.Name), Protocol = "TCP" }).ToList(),
        },
    }.Typed();

    public static V1ContainerPort ContainerPort(string name, int port) => new() { Name = PortName(name), ContainerPort = port, Protocol = "TCP" };

    public static V1EnvFromSource EnvFrom(string configMapName) => new() { ConfigMapRef = new V1ConfigMapEnvSource { Name = configMapName } };

    /// <summary>
    /// Each workload's own ServiceAccount, so a platform team can grant one workload something (an image pull
    /// secret, a cloud identity) without granting all; no token is mounted, as nothing here calls the Kubernetes API.
    /// </summary>
    public V1ServiceAccount ServiceAccount(string name) => new V1ServiceAccount
    {
        Metadata = Metadata(name),
        AutomountServiceAccountToken = false,
    }.Typed();

    public V1PodTemplateSpec PodTemplate(string name, V1Container container, IEnumerable<V1Volume>? volumes, PodProfile profile)
    {
        var labels = Metadata(name).Labels;
        labels[DeploymentConventions.ComponentLabel] = profile.Component;
        var spec = new V1PodSpec { ServiceAccountName = name, Containers = [container], Volumes = volumes?.ToList() is { Count: > 0 } list ? list : null };
        profile.Apply(spec);
        return new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = spec };
    }

    static V1LabelSelector Selector(string name) => new() { MatchLabels = SelectorLabels(name) };

    /// <summary>An object named <paramref name="name"/>, labelled as <paramref name="owner"/>'s (itself by default).</summary>
    public V1ObjectMeta Metadata(string name, string? owner = null) => new()
    {
        Name = name,
        Labels = LabelsOf(owner ?? name),
    };

    static Dictionary<string, string> SelectorLabels(string name) => new() { [DeploymentConventions.NameLabel] = name };

    /// <summary>Port names are IANA service names: lower case, at most 15 characters.</summary>
    public static string PortName(string bindingName)
    {
        var name = NotDns().Replace(bindingName.ToLowerInvariant(), "-");
        return name.Length <= 15 ? name : name[..15].TrimEnd('-');
    }

    public static string VolumeName(string volumeName)
    {
        var name = NotDns().Replace(volumeName.ToLowerInvariant(), "-").Trim('-');
        return name.Length <= 63 ? name : name[..63].TrimEnd('-');
    }

    // Arguments may carry secrets too: Kubernetes expands $(VAR) in command and args from the environment.
    string Expand(string expression, ContainerEnvironment environment)
    {
        var value = resolver.Resolve(expression);
        return value.ToDependentVariableExpansion(key =>
            environment.Variables.FirstOrDefault(v => v.ValueFrom?.SecretKeyRef?.Key == key)?.Name
            ?? throw new ManifestExpressionException($"An argument needs secret {key}, which no environment variable carries."));
    }

    /// <summary>
    /// Services: liveness <c>/alive</c> (the process answers), readiness <c>/ready</c> (the process and its own
    /// database; not <c>/health</c>, whose sync check fails while the broker is away, which the outbox rides out:
    /// a broker restart would take every API out of its Service). A generous startup probe covers migrations on first start.
    /// Servers: the port accepts connections.
    /// </summary>
    static void AddProbes(ManifestResource resource, V1Container container)
    {
        if (resource.IsProject)
        {
            var http = resource.Bindings.FirstOrDefault(b => b.Scheme == "http")
                ?? throw new InvalidDataException($"Project {resource.Name} has no http binding for its probes.");
            var port = PortName(http.Name);
            container.StartupProbe = HttpProbe(port, "/alive", periodSeconds: 2, failureThreshold: 60);
            container.LivenessProbe = HttpProbe(port, "/alive", periodSeconds: 10, failureThreshold: 3);
            container.ReadinessProbe = HttpProbe(port, "/ready", periodSeconds: 5, failureThreshold: 3);
        }
        else if (resource.Bindings.FirstOrDefault() is { } first)
        {
            var port = PortName(first.Name);
            container.StartupProbe = TcpProbe(port, periodSeconds: 2, failureThreshold: 90);
            container.LivenessProbe = TcpProbe(port, periodSeconds: 10, failureThreshold: 6);
            container.ReadinessProbe = TcpProbe(port, periodSeconds: 5, failureThreshold: 3);
        }
    }

    static V1Probe HttpProbe(string port, string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Port = port, Path = path },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
    };

    public static V1Probe TcpProbe(string port, int periodSeconds, int failureThreshold) => new()
    {
        TcpSocket = new V1TCPSocketAction { Port = port },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
    };

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex NotDns();
}
