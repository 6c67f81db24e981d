using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;

// Usage: ManifestToKubernetes <aspire-manifest.json> <output directory> [--namespace N] [--registry R] [--tag T] [--ingress-namespace I] [--aspirate-secrets-component DIR]
// scripts/generate-deployment.sh runs it after publishing the manifest.
const string Usage = "usage: ManifestToKubernetes <aspire-manifest.json> <output directory> [--namespace N] [--registry R] [--tag T] [--ingress-namespace I] [--aspirate-secrets-component DIR]";
if (args.Length < 2)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

GeneratorOptions options;
string? aspirateComponent = null;
try
{
    var rest = args[2..].ToList();
    var at = rest.IndexOf("--aspirate-secrets-component");
    if (at >= 0)
    {
        aspirateComponent = at + 1 < rest.Count ? rest[at + 1] : throw new ArgumentException("--aspirate-secrets-component needs a folder.");
        rest.RemoveRange(at, 2);
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
return 0;
