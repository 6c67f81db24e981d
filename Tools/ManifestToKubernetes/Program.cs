using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;

// Usage: ManifestToKubernetes <aspire-manifest.json> <output directory> [--namespace N] [--registry R] [--tag T] [--ingress-namespace I]
// scripts/generate-deployment.sh runs it after publishing the manifest.
const string Usage = "usage: ManifestToKubernetes <aspire-manifest.json> <output directory> [--namespace N] [--registry R] [--tag T] [--ingress-namespace I]";
if (args.Length < 2)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

GeneratorOptions options;
try
{
    options = GeneratorOptions.Parse(args[2..]);
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
return 0;
