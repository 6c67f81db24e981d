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
        var withoutMeta = schema.DeepClone().AsObject();
        if (withoutMeta["properties"] is JsonObject properties)
        {
            properties.Remove("apiVersion");
            properties.Remove("kind");
            properties.Remove("metadata");
        }
        if (withoutMeta["required"] is JsonArray required)
        {
            withoutMeta["required"] = new JsonArray(required.Where(r => (string?)r is not ("apiVersion" or "kind" or "metadata")).Select(r => r?.DeepClone()).ToArray());
        }
        Check(rest, withoutMeta, "", errors);
        return errors;
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
