using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;

// Usage: ManifestToKubernetes <aspire-manifest.json> <output directory> [--namespace N] [--registry R] [--tag T] [--ingress-namespace I] [--ingress-cidr CIDR]... [--pin-image REPO:TAG@sha256:DIGEST]... [--image-pins FILE] [--aspirate-secrets-component DIR] [--two-clusters-manifest M --cluster-overlays DIR [--peer CLUSTER=HOST:PORT,CIDR]...] [--ha-overlay DIR] [--monitoring-component DIR --monitoring-sources DIR]
// scripts/generate-deployment.sh runs it after publishing the manifest.
const string Usage = "usage: ManifestToKubernetes <aspire-manifest.json> <output directory> [--namespace N] [--registry R] [--tag T] [--ingress-namespace I] [--ingress-cidr CIDR]... [--pin-image REPO:TAG@sha256:DIGEST]... [--image-pins FILE] [--aspirate-secrets-component DIR] [--two-clusters-manifest M --cluster-overlays DIR [--peer CLUSTER=HOST:PORT,CIDR]...] [--ha-overlay DIR] [--monitoring-component DIR --monitoring-sources DIR]";
if (args.Length < 2)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

GeneratorOptions options;
string? aspirateComponent = null;
string? twoClustersManifest = null;
string? overlays = null;
string? haOverlay = null;
string? monitoringComponent = null;
string? monitoringSources = null;
var peers = new Dictionary<string, ClusterOverlays.Peer>(StringComparer.Ordinal);
try
{
    var rest = args[2..].ToList();
    var at = rest.IndexOf("--aspirate-secrets-component");
    if (at >= 0)
    {
        aspirateComponent = at + 1 < rest.Count ? rest[at + 1] : throw new ArgumentException("--aspirate-secrets-component needs a folder.");
        rest.RemoveRange(at, 2);
    }
    string? Take(string option)
    {
        var index = rest.IndexOf(option);
        if (index < 0)
        {
            return null;
        }
        var value = index + 1 < rest.Count ? rest[index + 1] : throw new ArgumentException($"{option} needs a value.");
        rest.RemoveRange(index, 2);
        return value;
    }
    twoClustersManifest = Take("--two-clusters-manifest");
    overlays = Take("--cluster-overlays");
    haOverlay = Take("--ha-overlay");
    monitoringComponent = Take("--monitoring-component");
    monitoringSources = Take("--monitoring-sources");
    while (Take("--peer") is { } peer)
    {
        // CLUSTER=HOST:PORT,CIDR: how the other cluster reaches this cluster's peer broker, and where its links come from.
        var (name, value) = (peer[..Math.Max(peer.IndexOf('=', StringComparison.Ordinal), 0)], peer[(peer.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var parts = value.Split(',');
        peers[name] = parts.Length == 2 && name.Length > 0 ? new ClusterOverlays.Peer(parts[0], parts[1]) : throw new ArgumentException($"--peer {peer}: use CLUSTER=HOST:PORT,CIDR.");
    }
    options = GeneratorOptions.Parse(rest);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"{error.Message}\n{Usage}");
    return 2;
}

var manifest = AspireManifest.Load(args[0]);
var output = KubernetesOutput.Generate(manifest, options);
output.WriteTo(args[1]);
Console.WriteLine($"Wrote {output.Folders.Count} resources and {output.Secrets.Count} secret keys to {args[1]}.");
if (aspirateComponent is not null)
{
    AspirateSecretsComponent.WriteTo(manifest, aspirateComponent);
    Console.WriteLine($"Wrote the Component that moves aspirate's ConfigMap secrets into Secrets to {aspirateComponent}.");
}
if (twoClustersManifest is not null && overlays is not null)
{
    var basePath = Path.GetRelativePath(Path.GetFullPath(overlays), Path.GetFullPath(args[1])).Replace('\\', '/');
    ClusterOverlays.WriteTo(manifest, AspireManifest.Load(twoClustersManifest), overlays, basePath, peers, options.Namespace);
    Console.WriteLine($"Wrote the two clusters' overlays to {overlays}.");
}
if (haOverlay is not null)
{
    // After the cluster overlays: they rewrite their whole folder, which may hold this one.
    var basePath = Path.GetRelativePath(Path.GetFullPath(haOverlay), Path.GetFullPath(args[1])).Replace('\\', '/');
    HighAvailabilityOverlay.WriteTo(manifest, output, haOverlay, basePath);
    Console.WriteLine($"Wrote the high-availability overlay to {haOverlay}.");
}
if (monitoringComponent is not null)
{
    var broker = manifest.Resources.Single(r => r.IsContainer && r.Environment.Any(e => e.Key == ClusterOverlays.TemplateVariable));
    MonitoringComponent.WriteTo(monitoringSources ?? "monitoring", monitoringComponent, broker.Name, options.Namespace);
    Console.WriteLine($"Wrote the monitoring Component to {monitoringComponent}.");
}
if (options.ImagePins.Unused.ToList() is { Count: > 0 } unused)
{
    // A pin that matched nothing is a typo or a stale file: the image it meant still runs by its tag.
    Console.Error.WriteLine($"No generated object uses {string.Join(", ", unused)}: check the pinned images' names and tags.");
    return 2;
}
return 0;
