using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// Checks a custom resource against its CRD's <c>openAPIV3Schema</c> the way the API server's strict field
/// validation does. A small validator of our own rather than a JSON-schema library: a CRD schema is not plain
/// JSON Schema (<c>x-kubernetes-int-or-string</c>, <c>x-kubernetes-preserve-unknown-fields</c>, <c>nullable</c>)
/// and, above all, a structural schema rejects every field it does not name even without
/// <c>additionalProperties: false</c>, which a JSON-schema validator would let through. It covers the subset the
/// vendored CRDs use: type, properties, required, items, enum, additionalProperties, anyOf, pattern, bounds.
/// CEL rules (<c>x-kubernetes-validations</c>) need the API server's CEL and are not evaluated.
/// </summary>
public sealed class CustomResourceSchema(string group, string kind, string version, JsonObject schema)
{
    public string Group { get; } = group;

    public string Kind { get; } = kind;

    public string Version { get; } = version;

    public string ApiVersion => $"{Group}/{Version}";

    JsonObject Root => schema;

    /// <summary>Every version a CRD document serves, from its YAML.</summary>
    public static IEnumerable<CustomResourceSchema> FromDefinition(string crdYaml)
    {
        foreach (var document in YamlDocuments.Load(crdYaml).OfType<JsonObject>().Where(d => (string?)d["kind"] == "CustomResourceDefinition"))
        {
            var spec = document["spec"]!;
            foreach (var version in spec["versions"]!.AsArray().Where(v => (bool?)v!["served"] == true))
            {
                yield return new CustomResourceSchema((string)spec["group"]!, (string)spec["names"]!["kind"]!, (string)version!["name"]!,
                    version["schema"]!["openAPIV3Schema"]!.AsObject());
            }
        }
    }

    /// <summary>What is wrong with <paramref name="resource"/>, one line each with its path; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonObject resource)
    {
        var errors = new List<string>();
        if ((string?)resource["apiVersion"] != ApiVersion || (string?)resource["kind"] != Kind)
        {
            errors.Add($"is {resource["apiVersion"]} {resource["kind"]}, not {ApiVersion} {Kind}");
        }
        // The API server validates metadata as ObjectMeta whatever the CRD says; these are the fields generated objects use.
        if (resource["metadata"] is not JsonObject metadata || metadata["name"] is null)
        {
            errors.Add("metadata.name: required");
        }
        else
        {
            foreach (var (key, value) in metadata)
            {
                var ok = key switch
                {
                    "name" or "namespace" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
                    "labels" or "annotations" => value is JsonObject map && map.All(e => e.Value is JsonValue s && s.GetValueKind() == JsonValueKind.String),
                    _ => false,
                };
                if (!ok)
                {
                    errors.Add($"metadata.{key}: unknown field or not a string map");
                }
            }
        }
        var rest = new JsonObject();
        foreach (var (key, value) in resource.Where(e => e.Key is not ("apiVersion" or "kind" or "metadata")))
        {
            rest[key] = value?.DeepClone();
        }
        Check(rest, WithoutMetadata(schema), "", errors);
        return errors;
    }

    /// <summary>
    /// Where this schema allows what <paramref name="published"/> does not, one line each with its path; empty
    /// when everything this schema accepts the published one accepts too (CEL rules aside), which is what makes a
    /// structural schema a fair stand-in: every field it names exists there with the same type, its enums are
    /// subsets, its patterns and bounds are the same or tighter, and it requires at least what that one requires.
    /// </summary>
    public IReadOnlyList<string> LooserThan(CustomResourceSchema published)
    {
        var found = new List<string>();
        if (published.ApiVersion != ApiVersion || published.Kind != Kind)
        {
            found.Add($"describes {ApiVersion} {Kind}, not {published.ApiVersion} {published.Kind}");
        }
        Compare(WithoutMetadata(schema), WithoutMetadata(published.Root), "", found);
        return found;
    }

    /// <summary>The root schema without what <see cref="Validate"/> checks as ObjectMeta and the type's identity.</summary>
    static JsonObject WithoutMetadata(JsonObject root)
    {
        var copy = root.DeepClone().AsObject();
        if (copy["properties"] is JsonObject properties)
        {
            properties.Remove("apiVersion");
            properties.Remove("kind");
            properties.Remove("metadata");
        }
        if (copy["required"] is JsonArray required)
        {
            copy["required"] = new JsonArray(required.Where(r => (string?)r is not ("apiVersion" or "kind" or "metadata")).Select(r => r?.DeepClone()).ToArray());
        }
        return copy;
    }

    static void Compare(JsonObject mine, JsonObject theirs, string path, List<string> found)
    {
        if ((bool?)theirs["x-kubernetes-preserve-unknown-fields"] == true && theirs["type"] is null)
        {
            return; // they take anything here
        }
        var theirsIntOrString = (bool?)theirs["x-kubernetes-int-or-string"] == true;
        var mineIntOrString = (bool?)mine["x-kubernetes-int-or-string"] == true;
        var myType = (string?)mine["type"];
        if (theirsIntOrString ? !(mineIntOrString || myType is "integer" or "string") : mineIntOrString || myType != (string?)theirs["type"])
        {
            found.Add($"{Where(path)}: {(mineIntOrString ? "int-or-string" : myType)} where the published schema has {(theirsIntOrString ? "int-or-string" : (string?)theirs["type"])}");
            return;
        }
        if (theirs["enum"] is JsonArray theirEnum
            && (mine["enum"] is not JsonArray myEnum || myEnum.Any(v => !theirEnum.Any(t => JsonNode.DeepEquals(t, v)))))
        {
            found.Add($"{Where(path)}: allows values outside {theirEnum.ToJsonString()}");
        }
        if (theirs["pattern"] is { } pattern && (string?)mine["pattern"] != (string?)pattern)
        {
            found.Add($"{Where(path)}: pattern is not the published {pattern}");
        }
        foreach (var (bound, tighter) in new (string, int)[] { ("minimum", 1), ("minLength", 1), ("minItems", 1), ("maximum", -1), ("maxLength", -1), ("maxItems", -1) })
        {
            if (theirs[bound] is { } limit && (mine[bound] is not { } own || ((double)own - (double)limit) * tighter < 0))
            {
                found.Add($"{Where(path)}: {bound} looser than the published {limit}");
            }
        }
        var myRequired = mine["required"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var required in theirs["required"]?.AsArray().Select(r => (string)r!) ?? [])
        {
            if (!myRequired.Contains(required))
            {
                found.Add($"{Where(path)}.{required}: required there, not here");
            }
        }
        if ((bool?)mine["x-kubernetes-preserve-unknown-fields"] == true && (bool?)theirs["x-kubernetes-preserve-unknown-fields"] != true)
        {
            found.Add($"{Where(path)}: preserves unknown fields the published schema rejects");
        }
        foreach (var (key, property) in mine["properties"] as JsonObject ?? [])
        {
            var itemPath = path.Length == 0 ? key : $"{path}.{key}";
            if (theirs["properties"]?[key] is JsonObject their)
            {
                Compare(property!.AsObject(), their, itemPath, found);
            }
            else if (theirs["additionalProperties"] is JsonObject theirAdditional)
            {
                Compare(property!.AsObject(), theirAdditional, itemPath, found);
            }
            else if ((bool?)theirs["x-kubernetes-preserve-unknown-fields"] != true)
            {
                found.Add($"{itemPath}: not a field of the published schema");
            }
        }
        if (mine["additionalProperties"] is JsonObject myAdditional)
        {
            if (theirs["additionalProperties"] is JsonObject theirAdditional)
            {
                Compare(myAdditional, theirAdditional, $"{path}.*", found);
            }
            else if ((bool?)theirs["x-kubernetes-preserve-unknown-fields"] != true)
            {
                found.Add($"{Where(path)}: takes any key where the published schema names its fields");
            }
        }
        if (mine["items"] is JsonObject myItems && theirs["items"] is JsonObject theirItems)
        {
            Compare(myItems, theirItems, $"{path}[]", found);
        }
    }

    static void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (value is null)
        {
            if ((bool?)schema["nullable"] != true)
            {
                errors.Add($"{Where(path)}: null is not allowed");
            }
            return;
        }
        if ((bool?)schema["x-kubernetes-int-or-string"] == true)
        {
            if (!IsInteger(value) && !IsString(value))
            {
                errors.Add($"{Where(path)}: must be an integer or a string");
            }
            else if (IsString(value))
            {
                CheckString((string)value!, schema, path, errors);
            }
            return;
        }
        if (schema["anyOf"] is JsonArray anyOf && schema["type"] is null)
        {
            if (!anyOf.Any(branch => { var found = new List<string>(); Check(value, branch!.AsObject(), path, found); return found.Count == 0; }))
            {
                errors.Add($"{Where(path)}: matches none of anyOf");
            }
            return;
        }
        var type = (string?)schema["type"];
        switch (type)
        {
            case "object":
                if (value is not JsonObject map)
                {
                    errors.Add($"{Where(path)}: must be an object");
                    return;
                }
                CheckObject(map, schema, path, errors);
                return;
            case "array":
                if (value is not JsonArray list)
                {
                    errors.Add($"{Where(path)}: must be an array");
                    return;
                }
                if (schema["maxItems"] is { } maxItems && list.Count > (int)maxItems)
                {
                    errors.Add($"{Where(path)}: more than {maxItems} items");
                }
                if (schema["minItems"] is { } minItems && list.Count < (int)minItems)
                {
                    errors.Add($"{Where(path)}: fewer than {minItems} items");
                }
                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        Check(list[i], items, $"{path}[{i}]", errors);
                    }
                }
                return;
            case "string":
                if (!IsString(value))
                {
                    errors.Add($"{Where(path)}: must be a string");
                    return;
                }
                CheckString((string)value!, schema, path, errors);
                break;
            case "integer":
                if (!IsInteger(value))
                {
                    errors.Add($"{Where(path)}: must be an integer");
                    return;
                }
                CheckNumber(value.GetValue<double>(), schema, path, errors);
                break;
            case "number":
                if (value is not JsonValue number || number.GetValueKind() != JsonValueKind.Number)
                {
                    errors.Add($"{Where(path)}: must be a number");
                    return;
                }
                CheckNumber(number.GetValue<double>(), schema, path, errors);
                break;
            case "boolean":
                if (value is not JsonValue boolean || boolean.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{Where(path)}: must be a boolean");
                    return;
                }
                break;
            case null when (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true:
                return;
            default:
                errors.Add($"{Where(path)}: the schema has no type ({type})");
                return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{Where(path)}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }
    }

    static void CheckObject(JsonObject map, JsonObject schema, string path, List<string> errors)
    {
        foreach (var required in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
        {
            if (!map.ContainsKey(required))
            {
                errors.Add($"{Where(path)}.{required}: required");
            }
        }
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var preserve = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
        foreach (var (key, item) in map)
        {
            var itemPath = path.Length == 0 ? key : $"{path}.{key}";
            if (properties?[key] is JsonObject property)
            {
                Check(item, property, itemPath, errors);
            }
            else if (additional is JsonObject itemSchema)
            {
                Check(item, itemSchema, itemPath, errors);
            }
            else if (!preserve && additional is not JsonValue)
            {
                // A structural schema prunes (and strict validation rejects) what it does not name.
                errors.Add($"{itemPath}: unknown field");
            }
        }
    }

    static void CheckString(string text, JsonObject schema, string path, List<string> errors)
    {
        if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, (string)pattern!))
        {
            errors.Add($"{Where(path)}: \"{text}\" does not match {pattern}");
        }
        if (schema["maxLength"] is { } maxLength && text.Length > (int)maxLength)
        {
            errors.Add($"{Where(path)}: longer than {maxLength}");
        }
        if (schema["minLength"] is { } minLength && text.Length < (int)minLength)
        {
            errors.Add($"{Where(path)}: shorter than {minLength}");
        }
    }

    static void CheckNumber(double number, JsonObject schema, string path, List<string> errors)
    {
        if (schema["minimum"] is { } minimum && number < (double)minimum)
        {
            errors.Add($"{Where(path)}: below {minimum}");
        }
        if (schema["maximum"] is { } maximum && number > (double)maximum)
        {
            errors.Add($"{Where(path)}: above {maximum}");
        }
    }

    static bool IsString(JsonNode value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    static bool IsInteger(JsonNode value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number
        && double.IsInteger(v.GetValue<double>()) && !v.ToJsonString().Contains('.', StringComparison.Ordinal);

    static string Where(string path) => path.Length == 0 ? "(root)" : path;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind} {ApiVersion}");
}
