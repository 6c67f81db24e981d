using System.Text.Json.Nodes;

namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>One entry of the manifest's <c>resources</c>, with the fields aspirate reads.</summary>
public sealed class ManifestResource(string name, JsonObject entry)
{
    public const string ParameterType = "parameter.v0";
    public const string ValueType = "value.v0";
    public const string AnnotatedStringType = "annotated.string";

    /// <summary>The resource types aspirate turns into Kubernetes objects or resolves values from.</summary>
    public static IReadOnlySet<string> TypesAspirateHandles { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "project.v0", "container.v0", "container.v1", ParameterType, ValueType };

    public string Name { get; } = name;

    public JsonObject Entry { get; } = entry;

    public string Type => (string?)Entry["type"] ?? "";

    public bool IsProject => Type.StartsWith("project.", StringComparison.Ordinal);

    public bool IsContainer => Type.StartsWith("container.", StringComparison.Ordinal);

    /// <summary>Projects and containers: what becomes a pod.</summary>
    public bool IsWorkload => IsProject || IsContainer;

    public string? Image => (string?)Entry["image"];

    public string? ConnectionString => (string?)Entry["connectionString"];

    public string? Value => (string?)Entry["value"];

    public bool IsSecretParameter => (bool?)Entry["inputs"]?["value"]?["secret"] ?? false;

    /// <summary>A parameter's published default value (<c>publishValueAsDefault</c>), if any.</summary>
    public string? DefaultValue => (string?)Entry["inputs"]?["value"]?["default"]?["value"];

    /// <summary>A parameter whose default is generated (a password): a person must supply its value at deploy time.</summary>
    public JsonObject? GeneratedDefault => Entry["inputs"]?["value"]?["default"]?["generate"]?.AsObject();

    /// <summary>Environment variables in the manifest's order (Kubernetes expands <c>$(VAR)</c> only from earlier ones).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment =>
        Entry["env"]?.AsObject().Select(e => KeyValuePair.Create(e.Key, (string?)e.Value ?? "")).ToList() ?? [];

    public IReadOnlyList<string> Args => Entry["args"]?.AsArray().Select(a => (string?)a ?? "").ToList() ?? [];

    public string? Entrypoint => (string?)Entry["entrypoint"];

    public IReadOnlyList<ManifestBinding> Bindings =>
        Entry["bindings"]?.AsObject().Select(b => ManifestBinding.From(b.Key, b.Value?.AsObject() ?? [], IsProject)).ToList() ?? [];

    public IReadOnlyList<ManifestBindMount> BindMounts =>
        Entry["bindMounts"]?.AsArray().OfType<JsonObject>().Select(m => new ManifestBindMount(
            (string?)m["source"] ?? throw new InvalidDataException($"A bind mount of {Name} has no source."),
            (string?)m["target"] ?? throw new InvalidDataException($"A bind mount of {Name} has no target."),
            (bool?)m["readOnly"] ?? false)).ToList() ?? [];

    public IReadOnlyList<ManifestVolume> Volumes =>
        Entry["volumes"]?.AsArray().OfType<JsonObject>().Select(v => new ManifestVolume(
            (string?)v["name"] ?? throw new InvalidDataException($"A volume of {Name} has no name."),
            (string?)v["target"] ?? throw new InvalidDataException($"A volume of {Name} has no target."),
            (bool?)v["readOnly"] ?? false)).ToList() ?? [];
}
