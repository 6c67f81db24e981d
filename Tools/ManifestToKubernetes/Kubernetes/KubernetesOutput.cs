using System.Text;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// The kustomize layout aspirate writes, made from the manifest: one folder per resource with its
/// kustomization, a root kustomization with the namespace and the Secret generated from
/// <c>secrets.env</c>, and <c>secrets.env.example</c> naming every value to supply.
/// </summary>
public sealed class KubernetesOutput
{
    readonly WorkloadFactory workloads;

    KubernetesOutput(GeneratorOptions options, WorkloadFactory workloads, IReadOnlyList<ResourceFolder> folders, IReadOnlyList<DeploymentSecret> secrets)
    {
        this.workloads = workloads;
        Options = options;
        Namespace = options.Namespace;
        Folders = folders;
        Secrets = secrets;
    }

    public GeneratorOptions Options { get; }

    public string Namespace { get; }

    public IReadOnlyList<ResourceFolder> Folders { get; }

    public IReadOnlyList<DeploymentSecret> Secrets { get; }

    public static KubernetesOutput Generate(AspireManifest manifest, GeneratorOptions? options = null)
    {
        options ??= GeneratorOptions.Default;
        var resolver = new ExpressionResolver(manifest);
        var workloads = new WorkloadFactory(resolver, options, manifest.Directory);
        var folders = new List<ResourceFolder>();
        var users = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var resource in manifest.Resources)
        {
            if (!resource.IsWorkload)
            {
                // Parameters and values live on in the objects that use them; anything else aspirate skips.
                continue;
            }
            var extra = resource.IsProject
                ? CollectorFactory.OtlpEnvironment(resource.Name)
                    .Concat(options.TrustedProxyEnvironment().Select(e => KeyValuePair.Create(e.Key, new ResolvedValue([ValueSegment.Literal(e.Value)]))))
                : [];
            var expressions = resource.Environment.Select(e => e.Value).Concat(resource.Args);
            foreach (var key in expressions.SelectMany(e => resolver.Resolve(e).SecretKeys))
            {
                if (!users.TryGetValue(key, out var names))
                {
                    users[key] = names = new SortedSet<string>(StringComparer.Ordinal);
                }
                names.Add(resource.Name);
            }
            var folder = workloads.Create(resource, extra);
            if (resource.IsProject)
            {
                CollectorFactory.AddInstanceEnvironment(folder);
            }
            folders.Add(folder);
        }
        if (DatabaseLoginsJob.Create(manifest, workloads, folders) is { } logins)
        {
            folders.Add(logins);
        }
        folders.Add(DashboardFactory.Create(workloads));
        folders.Add(CollectorFactory.Create(workloads));
        // The database server whose init script makes the backup login gets the nightly dumps.
        foreach (var database in manifest.Resources.Where(r => r.IsContainer && r.Environment.Any(e => e.Key == BackupResources.BackupPasswordVariable)))
        {
            folders.Add(BackupResources.Create(database.Name, folders, options));
        }
        folders.Add(NetworkPolicies.Create(manifest, options));
        folders.Add(TransportSecurity.Create(manifest, options.Namespace, workloads.Metadata(TransportSecurity.FolderName).Labels));

        var secrets = users
            .Select(u => new DeploymentSecret(u.Key, Describe(manifest.ByName[u.Key], u.Value)))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Concat(DashboardFactory.Secrets)
            .ToList();
        return new KubernetesOutput(options, workloads, folders, secrets);
    }

    /// <summary>The recommended labels of a workload's objects (or the application's, for a name that is none).</summary>
    public Dictionary<string, string> LabelsOf(string owner) => workloads.LabelsOf(owner);

    public Kustomization RootKustomization => new()
    {
        Namespace = Namespace,
        Resources = ["namespace.yaml", .. Folders.Select(f => f.Name)],
        SecretGenerator =
        [
            new KustomizeSecretGenerator
            {
                Name = DeploymentConventions.SecretName,
                Envs = [DeploymentConventions.SecretsFile],
                Options = new KustomizeGeneratorOptions { Labels = RecommendedLabels.Application(Options) },
            },
        ],
        Configurations = Folders.Any(f => f.Name == DatabaseLoginsJob.Name) ? [DatabaseLoginsJob.NameReferencesFile] : null,
    };

    /// <summary>
    /// The namespace, at Pod Security's <c>restricted</c> level (enforced, audited and warned): every pod
    /// here, the servers included, runs without root, privilege escalation or capabilities.
    /// </summary>
    public V1Namespace NamespaceObject => new V1Namespace
    {
        Metadata = new V1ObjectMeta
        {
            Name = Namespace,
            Labels = new Dictionary<string, string>(RecommendedLabels.Application(Options))
            {
                ["pod-security.kubernetes.io/enforce"] = "restricted",
                ["pod-security.kubernetes.io/enforce-version"] = "latest",
                ["pod-security.kubernetes.io/audit"] = "restricted",
                ["pod-security.kubernetes.io/warn"] = "restricted",
            },
        },
    }.Typed();

    public string SecretsExample
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine("# Every secret value of the deployment, one KEY=value a line. Copy this file to secrets.env");
            text.AppendLine("# (ignored by git), fill in each value, then: kubectl apply -k aspire-manifest/k8s");
            text.AppendLine("# kustomize turns secrets.env into the Secret \"" + DeploymentConventions.SecretName + "\"; pods read it, and the");
            text.AppendLine("# connection strings are composed in the pods from it. Use letters and digits only: the");
            text.AppendLine("# passwords go into URIs and key=value connection strings unencoded.");
            foreach (var secret in Secrets)
            {
                text.AppendLine();
                text.AppendLine($"# {secret.Description}");
                text.AppendLine($"{secret.Key}=");
            }
            return text.ToString();
        }
    }

    /// <summary>Writes the layout, replacing what was generated before; a local <c>secrets.env</c> is kept.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.EnumerateDirectories(directory))
        {
            Directory.Delete(stale, recursive: true);
        }
        foreach (var stale in Directory.EnumerateFiles(directory).Where(f => Path.GetFileName(f) != DeploymentConventions.SecretsFile))
        {
            File.Delete(stale);
        }

        foreach (var folder in Folders)
        {
            var path = Path.Combine(directory, folder.Name);
            Directory.CreateDirectory(path);
            foreach (var file in folder.Files)
            {
                File.WriteAllText(Path.Combine(path, file.FileName), file.ToYaml());
            }
            File.WriteAllText(Path.Combine(path, "kustomization.yaml"), new KubernetesFile("kustomization.yaml", folder.Kustomization).ToYaml());
        }
        File.WriteAllText(Path.Combine(directory, "namespace.yaml"), new KubernetesFile("namespace.yaml", NamespaceObject).ToYaml());
        File.WriteAllText(Path.Combine(directory, "kustomization.yaml"), new KubernetesFile("kustomization.yaml", RootKustomization).ToYaml());
        if (RootKustomization.Configurations is { Count: > 0 })
        {
            File.WriteAllText(Path.Combine(directory, DatabaseLoginsJob.NameReferencesFile),
                new KubernetesFile(DatabaseLoginsJob.NameReferencesFile, DatabaseLoginsJob.NameReferences()).ToYaml());
        }
        File.WriteAllText(Path.Combine(directory, DeploymentConventions.SecretsExampleFile), SecretsExample);
    }

    const string DigestSuffix = "-digest";

    static string Describe(ManifestResource parameter, IEnumerable<string> users)
    {
        var kind = parameter.IsSecretParameter ? "secret parameter" : "parameter (no published default)";
        // A service holds only the digest of an operator's or another service's key; the key itself is not in the deployment.
        var digestOf = parameter.Name.EndsWith(DigestSuffix, StringComparison.Ordinal) ? parameter.Name[..^DigestSuffix.Length] : null;
        var origin = (digestOf, parameter.GeneratedDefault) switch
        {
            ({ } key, _) => $"; the SHA-256 of the key {key} in lowercase hex (printf %s \"$KEY\" | sha256sum | cut -d' ' -f1), " +
                            (key.EndsWith("-caller-key", StringComparison.Ordinal) ? $"the key being the value given as {key}" : "the key staying with the operators"),
            (null, { } generate) => $"; the AppHost generates it in run mode ({generate["minLength"]}+ characters)",
            _ => "",
        };
        return $"{parameter.Name}: {kind} of the AppHost, used by {string.Join(", ", users)}{origin}";
    }
}
