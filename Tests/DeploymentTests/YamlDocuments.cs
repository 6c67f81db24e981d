using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// YAML documents as JSON trees, plain scalars typed by YAML 1.2's core schema (what the API server's YAML
/// decoder does): <c>3</c> is an integer, <c>"3"</c> a string, <c>true</c> a boolean. Custom resources are
/// checked as JSON against their CRD schemas, where that difference is the point.
/// </summary>
public static partial class YamlDocuments
{
    public static IReadOnlyList<JsonNode?> Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => ToJson(d.RootNode)).ToList();
    }

    static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidDataException($"Unsupported YAML node {node.NodeType}."),
    };

    static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            // Parsed as JSON numbers, which convert to any numeric type on reading.
            _ when Integer().IsMatch(text) => JsonNode.Parse(text.TrimStart('+')),
            _ when Float().IsMatch(text) => JsonNode.Parse(double.Parse(text, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
