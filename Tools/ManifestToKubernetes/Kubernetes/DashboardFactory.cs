using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// The standalone Aspire dashboard, as aspirate adds it: the OpenTelemetry Collector (<see cref="CollectorFactory"/>)
/// forwards every service's OTLP to it. The UI asks for
/// a browser token and OTLP for an API key, both from the Secret; reach the UI with
/// <c>kubectl port-forward svc/aspire-dashboard 18888</c>.
/// </summary>
public static class DashboardFactory
{
    const string FrontendPort = "frontend";
    const string OtlpGrpcPort = "otlp-grpc";
    const string OtlpHttpPort = "otlp-http";

    public static IReadOnlyList<DeploymentSecret> Secrets { get; } =
    [
        new(DeploymentConventions.DashboardBrowserTokenKey, "the Aspire dashboard's login token (any long random string)"),
        new(DeploymentConventions.DashboardOtlpApiKeyKey, "the key the OpenTelemetry Collector sends with the services' telemetry to the dashboard (any long random string)"),
    ];

    public static ResourceFolder Create(WorkloadFactory workloads)
    {
        var name = DeploymentConventions.DashboardName;
        var environment = ContainerEnvironment.From(
        [
            Plain("DASHBOARD__FRONTEND__AUTHMODE", "BrowserToken"),
            Secret("DASHBOARD__FRONTEND__BROWSERTOKEN", DeploymentConventions.DashboardBrowserTokenKey),
            Plain("DASHBOARD__OTLP__AUTHMODE", "ApiKey"),
            Secret("DASHBOARD__OTLP__PRIMARYAPIKEY", DeploymentConventions.DashboardOtlpApiKeyKey),
        ]);
        var container = new V1Container
        {
            Name = name,
            Image = workloads.Options.InfrastructureImage(DeploymentConventions.DashboardImage),
            ImagePullPolicy = "IfNotPresent",
            Ports = Ports.Select(p => WorkloadFactory.ContainerPort(p.Name, p.Port)).ToList(),
            EnvFrom = [WorkloadFactory.EnvFrom(WorkloadFactory.ConfigMapName(name))],
            Env = environment.Variables,
            Resources = ResourceSizing.Dashboard(),
            ReadinessProbe = WorkloadFactory.TcpProbe(FrontendPort, periodSeconds: 5, failureThreshold: 3),
            LivenessProbe = WorkloadFactory.TcpProbe(FrontendPort, periodSeconds: 10, failureThreshold: 6),
        };
        return new ResourceFolder(name,
        [
            new KubernetesFile("configmap.yaml", workloads.ConfigMap(name, environment)),
            new KubernetesFile("serviceaccount.yaml", workloads.ServiceAccount(name)),
            new KubernetesFile("deployment.yaml", workloads.Deployment(name, workloads.PodTemplate(name, container, null, PodProfile.Dashboard))),
            new KubernetesFile("service.yaml", workloads.Service(name, name, Ports)),
        ]);
    }

    static readonly IReadOnlyList<(string Name, int Port)> Ports =
    [
        (FrontendPort, DeploymentConventions.DashboardFrontendPort),
        (OtlpGrpcPort, DeploymentConventions.DashboardOtlpGrpcPort),
        (OtlpHttpPort, DeploymentConventions.DashboardOtlpHttpPort),
    ];

    static KeyValuePair<string, ResolvedValue> Plain(string name, string value) =>
        KeyValuePair.Create(name, new ResolvedValue([ValueSegment.Literal(value)]));

    static KeyValuePair<string, ResolvedValue> Secret(string name, string key) =>
        KeyValuePair.Create(name, new ResolvedValue([ValueSegment.Secret(key)]));
}
