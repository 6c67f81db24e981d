using System.Text.RegularExpressions;

namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>
/// Resolves manifest expressions by aspirate's rules: <c>{p.value}</c> of a parameter is its input,
/// <c>{r.connectionString}</c> and <c>{v.value}</c> resolve recursively, <c>{r.bindings.b.host}</c> is the
/// Service of that binding (the resource's name, or <c>{resource}-{binding}</c> past the first), <c>port</c>/<c>targetPort</c>/<c>scheme</c>/<c>url</c> come from the binding.
/// Anything else (an <c>annotated.string</c>, an unknown resource or property) is refused, because aspirate
/// would leave it in the value as literal text.
/// </summary>
public sealed partial class ExpressionResolver(AspireManifest manifest)
{
    // Connection strings nest (database -> server -> parameters); a cycle is a broken manifest.
    const int MaxDepth = 16;

    public ResolvedValue Resolve(string expression) => new(Merge(Segments(expression, depth: 0)));

    /// <summary>Every <c>{...}</c> reference in an expression, unresolved (for compatibility checks).</summary>
    public static IEnumerable<string> References(string expression) =>
        Placeholder().Matches(expression).Select(m => m.Groups[1].Value);

    IEnumerable<ValueSegment> Segments(string expression, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ManifestExpressionException($"'{expression}' nests deeper than {MaxDepth} references (a cycle?).");
        }
        var position = 0;
        foreach (Match match in Placeholder().Matches(expression))
        {
            if (match.Index > position)
            {
                yield return ValueSegment.Literal(expression[position..match.Index]);
            }
            foreach (var segment in Reference(match.Groups[1].Value, depth))
            {
                yield return segment;
            }
            position = match.Index + match.Length;
        }
        if (position < expression.Length)
        {
            yield return ValueSegment.Literal(expression[position..]);
        }
    }

    IEnumerable<ValueSegment> Reference(string reference, int depth)
    {
        var path = reference.Split('.');
        if (!manifest.ByName.TryGetValue(path[0], out var resource))
        {
            throw new ManifestExpressionException($"{{{reference}}} names no resource of the manifest.");
        }
        if (!ManifestResource.TypesAspirateHandles.Contains(resource.Type))
        {
            throw new ManifestExpressionException(
                $"{{{reference}}} refers to a {resource.Type} resource, which aspirate leaves as literal text.");
        }
        return path[1..] switch
        {
            ["value"] or ["inputs", "value"] when resource.Type == ManifestResource.ParameterType => [ParameterValue(resource)],
            ["value"] when resource.Value is { } value => Segments(value, depth + 1),
            ["connectionString"] when resource.ConnectionString is { } connectionString => Segments(connectionString, depth + 1),
            ["bindings", var name, var property] => [ValueSegment.Literal(BindingProperty(resource, name, property, reference))],
            _ => throw new ManifestExpressionException($"{{{reference}}} is not a property aspirate resolves."),
        };
    }

    /// <summary>
    /// Secret parameters, and parameters without a published default, are supplied at deploy time and kept
    /// in the Secret; a non-secret default is the value itself.
    /// </summary>
    static ValueSegment ParameterValue(ManifestResource parameter) =>
        !parameter.IsSecretParameter && parameter.DefaultValue is { } value
            ? ValueSegment.Literal(value)
            : ValueSegment.Secret(parameter.Name);

    static string BindingProperty(ManifestResource resource, string bindingName, string property, string reference)
    {
        var binding = resource.Bindings.SingleOrDefault(b => b.Name == bindingName)
            ?? throw new ManifestExpressionException($"{{{reference}}}: {resource.Name} has no binding {bindingName}.");
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return property switch
        {
            "host" => Kubernetes.WorkloadFactory.ServiceName(resource, binding),
            "port" => binding.ServicePort.ToString(invariant),
            "targetPort" => binding.TargetPort.ToString(invariant),
            "scheme" => binding.Scheme,
            "url" => $"{binding.Scheme}://{Kubernetes.WorkloadFactory.ServiceName(resource, binding)}:{binding.ServicePort.ToString(invariant)}",
            _ => throw new ManifestExpressionException($"{{{reference}}}: bindings have no property {property}."),
        };
    }

    static List<ValueSegment> Merge(IEnumerable<ValueSegment> segments)
    {
        var merged = new List<ValueSegment>();
        foreach (var segment in segments)
        {
            if (!segment.IsSecret && merged is [.., { IsSecret: false } previous])
            {
                merged[^1] = ValueSegment.Literal(previous.Text + segment.Text);
            }
            else
            {
                merged.Add(segment);
            }
        }
        return merged;
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Placeholder();
}
