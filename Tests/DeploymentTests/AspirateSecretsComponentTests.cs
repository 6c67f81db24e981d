using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// aspire-manifest/aspirate-secrets over output shaped as aspirate writes it (its kustomization and
/// deployment templates: a <c>{name}-env</c> ConfigMap generator with every plain variable, a
/// <c>{name}-secrets</c> Secret generator from <c>.{name}.secrets</c>, both in the container's
/// <c>envFrom</c>). aspirate itself is not served here, so its output is made by these rules.
/// </summary>
public sealed class AspirateSecretsComponentTests
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);

    [Fact]
    public void The_component_is_what_the_generator_makes_of_the_committed_manifest()
    {
        var regenerated = Directory.CreateTempSubdirectory("fooddelivery-aspirate-secrets-");
        try
        {
            AspirateSecretsComponent.WriteTo(Manifest, regenerated.FullName);
            Assert.Equal(Repository.Files(regenerated.FullName), Repository.Files(Repository.AspirateSecretsDirectory));
        }
        finally
        {
            regenerated.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_secret_aspirate_puts_in_a_configmap_ends_in_a_secret_the_pod_reads_and_leaves_the_configmap()
    {
        var workspace = Directory.CreateTempSubdirectory("fooddelivery-aspirate-output-");
        try
        {
            KustomizeBuild.CopyDirectory(Repository.AspirateSecretsDirectory, Path.Combine(workspace.FullName, "aspirate-secrets"));
            var output = Path.Combine(workspace.FullName, "aspirate-output");
            var moved = WriteAspirateOutput(output);
            Assert.NotEmpty(moved);

            var objects = KubernetesYaml.LoadAllFromString(KustomizeBuild.Kubectl("kustomize", output), strict: true);
            var configMapText = string.Join("\n", objects.OfType<V1ConfigMap>().SelectMany(c => c.Data?.Values ?? []));
            foreach (var ((resource, key), value) in moved)
            {
                Assert.DoesNotContain(value, configMapText, StringComparison.Ordinal);
                var secret = Assert.Single(objects.OfType<V1Secret>(), s => s.Name() == AspirateSecretsComponent.SecretName(resource));
                Assert.Equal(value, secret.StringData[key]);
                var pod = objects.OfType<V1Deployment>().Where(d => d.Name() == resource).Select(d => d.Spec.Template.Spec)
                    .Concat(objects.OfType<V1StatefulSet>().Where(s => s.Name() == resource).Select(s => s.Spec.Template.Spec)).Single();
                Assert.Contains(pod.Containers.Single().EnvFrom, e => e.SecretRef?.Name == secret.Name());
            }
            // Plain values stay where aspirate put them.
            var plain = objects.OfType<V1ConfigMap>().Single(c => c.Name() == "menu-env");
            Assert.Equal("8080;8081", plain.Data["HTTP_PORTS"]);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    /// <summary>Writes aspirate's layout for every workload; returns the secret values it put in ConfigMaps.</summary>
    static Dictionary<(string Resource, string Key), string> WriteAspirateOutput(string output)
    {
        var resolver = new ExpressionResolver(Manifest);
        var moved = new Dictionary<(string, string), string>();
        var workloads = Manifest.Resources.Where(r => r.IsWorkload).ToList();
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "kustomization.yaml"),
            "namespace: fooddelivery\nresources:\n" + string.Concat(workloads.Select(w => $"- {w.Name}\n")) +
            "components:\n- ../aspirate-secrets\n");
        foreach (var workload in workloads)
        {
            var folder = Path.Combine(output, workload.Name);
            Directory.CreateDirectory(folder);
            var literals = new List<string>();
            var secrets = new List<string>();
            foreach (var (name, expression) in workload.Environment)
            {
                var value = resolver.Resolve(expression);
                if (AspirateSecretsComponent.AspirateMakesSecretOf(name))
                {
                    secrets.Add($"{name}=secret-{Guid.NewGuid():N}");
                }
                else if (value.HasSecrets)
                {
                    var secret = $"Secret{Guid.NewGuid():N}";
                    moved[(workload.Name, name)] = secret;
                    literals.Add($"{name}={secret}");
                }
                else
                {
                    literals.Add($"{name}={value.Literal}");
                }
            }
            var kind = workload.Volumes.Count > 0 ? "StatefulSet" : "Deployment";
            File.WriteAllText(Path.Combine(folder, $".{workload.Name}.secrets"), string.Join("\n", secrets) + "\n");
            File.WriteAllText(Path.Combine(folder, "kustomization.yaml"),
                $"resources:\n- {kind.ToLowerInvariant()}.yaml\ngeneratorOptions:\n  disableNameSuffixHash: true\n" +
                (literals.Count > 0 ? $"configMapGenerator:\n- name: {workload.Name}-env\n  literals:\n" + string.Concat(literals.Select(l => $"  - {Quote(l)}\n")) : "") +
                (secrets.Count > 0 ? $"secretGenerator:\n- name: {workload.Name}-secrets\n  envs:\n  - .{workload.Name}.secrets\n" : ""));
            File.WriteAllText(Path.Combine(folder, $"{kind.ToLowerInvariant()}.yaml"), $"""
                apiVersion: apps/v1
                kind: {kind}
                metadata:
                  name: {workload.Name}
                  labels:
                    app: {workload.Name}
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app: {workload.Name}
                  template:
                    metadata:
                      labels:
                        app: {workload.Name}
                    spec:
                      containers:
                      - name: {workload.Name}
                        image: {workload.Image ?? workload.Name + ":1.0.0"}
                        envFrom:
                        - configMapRef:
                            name: {workload.Name}-env
                {(secrets.Count > 0 ? $"        - secretRef:\n            name: {workload.Name}-secrets\n" : "")}
                """);
        }
        return moved;
    }

    static string Quote(string literal) => "'" + literal.Replace("'", "''", StringComparison.Ordinal) + "'";
}
