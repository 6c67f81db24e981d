using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;

// Usage: ManifestToKubernetes <aspire-manifest.json> <output directory> [namespace]
// scripts/generate-deployment.sh runs it after publishing the manifest.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: ManifestToKubernetes <aspire-manifest.json> <output directory> [namespace]");
    return 2;
}

var manifest = AspireManifest.Load(args[0]);
var output = args.Length == 3 ? KubernetesOutput.Generate(manifest, args[2]) : KubernetesOutput.Generate(manifest);
output.WriteTo(args[1]);
Console.WriteLine($"Wrote {output.Folders.Count} resources and {output.Secrets.Count} secret keys to {args[1]}.");
return 0;
