using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// The Job that makes the services' database logins with the database's own init script (the postgres-initdb
/// ConfigMap, AppHost's Infrastructure/initdb) against the running server, as the superuser. The image runs that
/// script only when its volume is empty; this Job runs it on every change of the Secret, so a password changed in
/// <c>secrets.env</c> reaches its login (the script is idempotent: create the role if missing, then
/// <c>ALTER ROLE … PASSWORD</c>, create or re-own the database). A Job's pod template cannot change, so the Job is
/// named after the Secret: kustomize renames it with the Secret's content hash (<see cref="NameReferences"/>), and a
/// changed Secret makes a new Job, which runs, instead of an <c>apply</c> refused on the old one. The HA overlay
/// points it at CloudNativePG's primary.
/// </summary>
public static class DatabaseLoginsJob
{
    public const string Name = "postgres-service-logins";

    public const string Component = "logins";

    /// <summary>The Job's name before kustomize adds the Secret's hash: the Secret's own.</summary>
    public const string JobName = DeploymentConventions.SecretName;

    public const string ContainerName = "service-logins";

    /// <summary>The root kustomization's configuration file that teaches kustomize the Job's name follows the Secret's.</summary>
    public const string NameReferencesFile = "kustomizeconfig.yaml";

    const string DatabaseListVariable = "FD_SERVICE_DATABASES";

    /// <summary>Waits for the server (it may be starting, or initialising its volume), then runs each init script.</summary>
    public static readonly IReadOnlyList<string> Command =
        ["bash", "-c", "until pg_isready --quiet; do sleep 2; done; for script in /docker-entrypoint-initdb.d/*.sh; do \"$script\"; done"];

    /// <summary>The folder of the Job, its ServiceAccount and its NetworkPolicies; null when the manifest has no database with service logins.</summary>
    public static ResourceFolder? Create(AspireManifest manifest, WorkloadFactory workloads, IReadOnlyList<ResourceFolder> folders)
    {
        var database = manifest.Resources.SingleOrDefault(r => r.IsContainer && r.Environment.Any(e => e.Key == DatabaseListVariable));
        if (database is null)
        {
            return null;
        }
        var server = folders.Single(f => f.Name == database.Name).Files.Select(f => f.Content).OfType<V1StatefulSet>().Single();
        var basePod = server.Spec.Template.Spec;
        var baseContainer = basePod.Containers.Single();
        // The init scripts' folder only (not the server's pg_hba.conf), and the CA the server's certificate is verified with.
        var initScripts = basePod.Volumes.Where(v => v.ConfigMap is not null
            && baseContainer.VolumeMounts.Any(m => m.Name == v.Name && m.MountPath == "/docker-entrypoint-initdb.d")).ToList();
        var trust = TransportSecurity.TrustMount();
        workloads.Own(Name, RecommendedLabels.Create(Name, Component, RecommendedLabels.VersionOf(database.Image ?? baseContainer.Image), workloads.Options.Namespace));

        var container = new V1Container
        {
            Name = ContainerName,
            Image = baseContainer.Image,
            ImagePullPolicy = "IfNotPresent",
            Command = [.. Command],
            // The superuser's name (POSTGRES_USER) and password (POSTGRES_PASSWORD), the logins' passwords and FD_SERVICE_DATABASES: the server's own.
            Env =
            [
                new V1EnvVar { Name = "PGHOST", Value = database.Name },
                .. TransportSecurity.VerifyingPostgresClient(),
                .. baseContainer.Env,
            ],
            EnvFrom = baseContainer.EnvFrom,
            Resources = ResourceSizing.Service(),
            VolumeMounts = [.. baseContainer.VolumeMounts.Where(m => initScripts.Any(v => v.Name == m.Name)), trust.Mount],
        };
        var pod = new V1PodSpec { ServiceAccountName = Name, Containers = [container], Volumes = [.. initScripts, trust.Volume], RestartPolicy = "OnFailure" };
        PodProfile.Server(baseContainer.Image).Apply(pod);
        var metadata = workloads.Metadata(JobName, Name);
        var job = new V1Job
        {
            Metadata = metadata,
            Spec = new V1JobSpec
            {
                BackoffLimit = 30,
                // Only tidies up: a Job that comes back on the next apply runs an idempotent script again.
                TtlSecondsAfterFinished = 600,
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = workloads.LabelsOf(Name) }, Spec = pod },
            },
        }.Typed();

        var port = baseContainer.Ports.First().ContainerPort;
        var jobPods = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = Name } };
        var serverPods = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [DeploymentConventions.NameLabel] = database.Name } };
        var toServer = new V1NetworkPolicy
        {
            Metadata = workloads.Metadata(Name),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = jobPods,
                PolicyTypes = ["Egress"],
                Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = serverPods }], Ports = [new V1NetworkPolicyPort { Port = port, Protocol = "TCP" }] }],
            },
        }.Typed();
        var fromJob = new V1NetworkPolicy
        {
            Metadata = workloads.Metadata($"{database.Name}-from-{ContainerName}", Name),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = serverPods,
                PolicyTypes = ["Ingress"],
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = jobPods }], Ports = [new V1NetworkPolicyPort { Port = port, Protocol = "TCP" }] }],
            },
        }.Typed();
        return new ResourceFolder(Name,
        [
            new KubernetesFile("serviceaccount.yaml", workloads.ServiceAccount(Name)),
            new KubernetesFile("job.yaml", job),
            new KubernetesFile("network-policy.yaml", toServer),
            new KubernetesFile("network-policy-server.yaml", fromJob),
        ]);
    }

    /// <summary>kustomize's <c>nameReference</c>: the Job's name is a reference to the generated Secret, so it gets the Secret's hash.</summary>
    public static Dictionary<string, object?> NameReferences() => CustomResource.Map(("nameReference", new[]
    {
        CustomResource.Map(("kind", "Secret"), ("fieldSpecs", new[] { CustomResource.Map(("kind", "Job"), ("path", "metadata/name")) })),
    }));
}
