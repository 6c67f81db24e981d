using System.Text.Json.Nodes;

namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>The AppHost's published manifest (<c>aspire-manifest.json</c>), read the way aspirate reads it.</summary>
public sealed class AspireManifest
{
    AspireManifest(IReadOnlyList<ManifestResource> resources, string directory)
    {
        Resources = resources;
        Directory = directory;
        ByName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>Every resource, in the manifest's order (the generated output keeps it).</summary>
    public IReadOnlyList<ManifestResource> Resources { get; }

    public IReadOnlyDictionary<string, ManifestResource> ByName { get; }

    /// <summary>The manifest's folder: relative paths in it (projects, bind mounts) start there.</summary>
    public string Directory { get; }

    public static AspireManifest Load(string path) =>
        Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)) ?? System.IO.Directory.GetCurrentDirectory());

    public static AspireManifest Parse(string json, string directory)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("The manifest is empty.");
        var resources = root["resources"]?.AsObject() ?? throw new InvalidDataException("The manifest has no resources.");
        return new AspireManifest(resources
            .Select(entry => new ManifestResource(entry.Key, entry.Value?.AsObject()
                ?? throw new InvalidDataException($"Resource {entry.Key} is empty.")))
            .ToList(), directory);
    }
}
