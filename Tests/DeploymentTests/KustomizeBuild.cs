using System.Diagnostics;
using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The committed kustomization built by <c>kubectl kustomize</c> (scripts/install-local-infrastructure.sh
/// installs kubectl), with a <c>secrets.env</c> made from the example, every object loaded by KubernetesClient.
/// </summary>
public sealed class KustomizeBuild : IDisposable
{
    readonly DirectoryInfo workspace = Directory.CreateTempSubdirectory("fooddelivery-k8s-");

    public KustomizeBuild()
    {
        var copy = Path.Combine(workspace.FullName, "k8s");
        CopyDirectory(Repository.KubernetesDirectory, copy);
        File.Delete(Path.Combine(copy, DeploymentConventions.SecretsFile)); // a developer's own, if any

        // A distinct, recognisable value per key, so a test can look for it where it must not be.
        SecretValues = File.ReadAllLines(Path.Combine(copy, DeploymentConventions.SecretsExampleFile))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)])
            .ToDictionary(key => key, key => $"Secret{Guid.NewGuid():N}");
        File.WriteAllLines(Path.Combine(copy, DeploymentConventions.SecretsFile), SecretValues.Select(s => $"{s.Key}={s.Value}"));

        // Directories in resources and envs in secretGenerator need kustomize v4+ (kubectl 1.21+).
        var version = Kubectl("version", "--client");
        if (!System.Text.RegularExpressions.Regex.IsMatch(version, @"Kustomize Version: v([4-9]|\d\d)"))
        {
            throw new InvalidOperationException(
                $"kubectl's kustomize is too old (needs v4+, kubectl 1.21+): {version.Trim()}. See scripts/install-local-infrastructure.sh.");
        }
        Yaml = Kubectl("kustomize", copy);
        // Strict: a field the API does not know (a typo, a field of another version) fails the load.
        (Objects, CustomResources) = OverlayBuild.Load(Yaml);
    }

    public IReadOnlyList<JsonObject> CustomResources { get; }

    public IReadOnlyDictionary<string, string> SecretValues { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> OfKind<T>() => Objects.OfType<T>();

    public void Dispose() => workspace.Delete(recursive: true);

    internal static string Kubectl(params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("kubectl is not installed: run scripts/install-local-infrastructure.sh.");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0
                ? output
                : throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} failed: {error.Result}");
        }
    }

    internal static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}
