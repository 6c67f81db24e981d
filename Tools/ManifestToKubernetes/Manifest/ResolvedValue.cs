using System.Text;

namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>A manifest expression with every <c>{...}</c> resolved to literal text or deploy-time secrets.</summary>
public sealed record ResolvedValue(IReadOnlyList<ValueSegment> Segments)
{
    public bool HasSecrets => Segments.Any(s => s.IsSecret);

    public IEnumerable<string> SecretKeys => Segments.Where(s => s.IsSecret).Select(s => s.Text).Distinct(StringComparer.Ordinal);

    /// <summary>The Secret key when the whole value is one secret (a password passed as it is).</summary>
    public string? WholeSecretKey => Segments is [{ IsSecret: true } only] ? only.Text : null;

    /// <summary>The text of a value without secrets.</summary>
    public string Literal => HasSecrets
        ? throw new InvalidOperationException("A value with secrets has no literal text.")
        : string.Concat(Segments.Select(s => s.Text));

    /// <summary>
    /// The value as Kubernetes' dependent environment variable syntax: secrets become <c>$(VAR)</c> of an
    /// earlier variable fed from the Secret, and a literal <c>$(</c> is escaped so Kubernetes keeps it.
    /// </summary>
    public string ToDependentVariableExpansion(Func<string, string> variableForSecret)
    {
        var text = new StringBuilder();
        foreach (var segment in Segments)
        {
            text.Append(segment.IsSecret
                ? $"$({variableForSecret(segment.Text)})"
                : segment.Text.Replace("$(", "$$(", StringComparison.Ordinal));
        }
        return text.ToString();
    }
}
