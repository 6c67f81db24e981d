using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// The OpenTelemetry Collector every service sends its OTLP to: it forwards traces, metrics and logs to the
/// Aspire dashboard (as the services did themselves before) and serves the metrics in Prometheus' format on
/// a port of its own, which the monitoring Component's PodMonitor scrapes, so the alert rules get the series
/// they name. The image is the core distribution (<c>otel/opentelemetry-collector</c>): it has the OTLP receiver,
/// the OTLP and Prometheus exporters, the memory limiter, batching and the health check, and none of contrib's
/// hundred other components to patch. One replica, also in the HA overlay: a service's series must come
/// from one exporter, or two collectors would each serve their own partial copy of it.
/// </summary>
public static class CollectorFactory
{
    public const string Name = "otel-collector";

    /// <summary>An exact release (2026-08) of the core distribution; its OTLP gRPC exporter type is <c>otlp_grpc</c>.</summary>
    public const string Image = "otel/opentelemetry-collector:0.159.0";

    /// <summary>The pods' role label: the NetworkPolicies select the collector by it.</summary>
    public const string Component = "telemetry";

    public const int OtlpGrpcPort = 4317;

    public const int OtlpHttpPort = 4318;

    /// <summary>The Prometheus exporter's port (the collector's usual one for it).</summary>
    public const int MetricsPort = 8889;

    public const int HealthPort = 13133;

    public const string OtlpGrpcPortName = "otlp-grpc";

    public const string OtlpHttpPortName = "otlp-http";

    public const string MetricsPortName = "metrics";

    const string HealthPortName = "health";

    /// <summary>The image's own user.</summary>
    const long User = 10001;

    const string ConfigDirectory = "/etc/fooddelivery-otelcol";

    const string ConfigFile = "config.yaml";

    const string ApiKeyVariable = "DASHBOARD_OTLP_API_KEY";

    /// <summary>
    /// What every service gets: OTLP to the collector, its service name, and the pod's name as
    /// <c>service.instance.id</c>, so two replicas of a service are two series (the exporter's <c>instance</c>
    /// label) rather than one that flips between them. The dashboard's key stays with the collector.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, ResolvedValue>> OtlpEnvironment(string serviceName) =>
    [
        Plain("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://{Name}:{OtlpGrpcPort}"),
        Plain("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
        Plain("OTEL_SERVICE_NAME", serviceName),
    ];

    /// <summary>The pod-specific part, which no ConfigMap can hold: Kubernetes expands <c>$(POD_NAME)</c> in <c>env</c> only.</summary>
    public static IEnumerable<V1EnvVar> InstanceEnvironment() =>
    [
        new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
        new V1EnvVar { Name = "OTEL_RESOURCE_ATTRIBUTES", Value = "service.instance.id=$(POD_NAME)" },
    ];

    /// <summary>Adds <see cref="InstanceEnvironment"/> at the end of a service's container environment.</summary>
    public static void AddInstanceEnvironment(ResourceFolder service)
    {
        var container = service.Files.Select(f => f.Content).OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();
        container.Env = [.. container.Env ?? [], .. InstanceEnvironment()];
    }

    public static PodProfile Profile { get; } = new(Component, User, ["/tmp"]);

    /// <summary>
    /// The collector's configuration. Metric names follow the OTel to Prometheus rules, pinned rather than left
    /// to the exporter's default: dots to underscores, the unit as a suffix (<c>s</c> to <c>_seconds</c>,
    /// annotations such as <c>{message}</c> dropped), <c>_total</c> on counters; <c>service.name</c> becomes
    /// <c>job</c> and <c>service.instance.id</c> <c>instance</c>. A series not updated for 5 minutes (a service
    /// gone) leaves the exporter, which is what the rules' silence guards see.
    /// </summary>
    public static string Configuration => $$"""
        # Made by Tools/ManifestToKubernetes (CollectorFactory): OTLP in, to the Aspire dashboard and to Prometheus out.
        extensions:
          health_check:
            endpoint: 0.0.0.0:{{HealthPort}}
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 0.0.0.0:{{OtlpGrpcPort}}
              http:
                endpoint: 0.0.0.0:{{OtlpHttpPort}}
        processors:
          memory_limiter:
            check_interval: 1s
            limit_mib: 200
            spike_limit_mib: 50
          batch: {}
        exporters:
          otlp_grpc/dashboard:
            endpoint: {{DeploymentConventions.DashboardName}}:{{DeploymentConventions.DashboardOtlpGrpcPort}}
            tls:
              insecure: true
            headers:
              x-otlp-api-key: ${env:{{ApiKeyVariable}}}
          prometheus:
            endpoint: 0.0.0.0:{{MetricsPort}}
            translation_strategy: UnderscoreEscapingWithSuffixes
            metric_expiration: 5m
        service:
          extensions: [health_check]
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [otlp_grpc/dashboard]
            metrics:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [otlp_grpc/dashboard, prometheus]
            logs:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [otlp_grpc/dashboard]

        """;

    public static ResourceFolder Create(WorkloadFactory workloads)
    {
        workloads.Own(Name, RecommendedLabels.Create(Name, Component, RecommendedLabels.VersionOf(Image), workloads.Options.Namespace));
        var environment = ContainerEnvironment.From(
        [
            // The Go runtime collects garbage before the memory limiter refuses data, and both before the pod's limit.
            Plain("GOMEMLIMIT", "200MiB"),
            KeyValuePair.Create(ApiKeyVariable, new ResolvedValue([ValueSegment.Secret(DeploymentConventions.DashboardOtlpApiKeyKey)])),
        ]);
        var configMapName = $"{Name}-config";
        var configMap = new V1ConfigMap
        {
            Metadata = workloads.Metadata(configMapName, Name),
            Data = new Dictionary<string, string> { [ConfigFile] = Configuration },
        }.Typed();
        var container = new V1Container
        {
            Name = Name,
            Image = workloads.Options.InfrastructureImage(Image),
            ImagePullPolicy = "IfNotPresent",
            Args = [$"--config={ConfigDirectory}/{ConfigFile}"],
            Ports = Ports.Select(p => WorkloadFactory.ContainerPort(p.Name, p.Port)).ToList(),
            EnvFrom = [WorkloadFactory.EnvFrom(WorkloadFactory.ConfigMapName(Name))],
            Env = environment.Variables,
            Resources = Sizing(),
            VolumeMounts = [new V1VolumeMount { Name = "config", MountPath = ConfigDirectory, ReadOnlyProperty = true }],
            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = HealthPortName, Path = "/" }, PeriodSeconds = 5, FailureThreshold = 3 },
            LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = HealthPortName, Path = "/" }, PeriodSeconds = 10, FailureThreshold = 6 },
        };
        var volume = new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = configMapName } };
        return new ResourceFolder(Name,
        [
            new KubernetesFile("configmap.yaml", workloads.ConfigMap(Name, environment)),
            new KubernetesFile("configmap-config.yaml", configMap),
            new KubernetesFile("serviceaccount.yaml", workloads.ServiceAccount(Name)),
            new KubernetesFile("deployment.yaml", workloads.Deployment(Name, workloads.PodTemplate(Name, container, [volume], Profile))),
            // OTLP only: the metrics port is scraped from the pods (PodMonitor), the health port is the kubelet's.
            new KubernetesFile("service.yaml", workloads.Service(Name, Name, Ports.Take(2))),
        ]);
    }

    static readonly IReadOnlyList<(string Name, int Port)> Ports =
    [
        (OtlpGrpcPortName, OtlpGrpcPort),
        (OtlpHttpPortName, OtlpHttpPort),
        (MetricsPortName, MetricsPort),
        (HealthPortName, HealthPort),
    ];

    /// <summary>Small: seven services' telemetry. The memory limiter and GOMEMLIMIT sit under the memory limit.</summary>
    static V1ResourceRequirements Sizing() => new()
    {
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("256Mi") },
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("128Mi") },
    };

    static KeyValuePair<string, ResolvedValue> Plain(string name, string value) =>
        KeyValuePair.Create(name, new ResolvedValue([ValueSegment.Literal(value)]));
}
