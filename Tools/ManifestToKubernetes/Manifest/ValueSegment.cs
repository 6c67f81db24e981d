namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>
/// A piece of a resolved value: literal text, or (when <see cref="IsSecret"/>) the key of a value that is
/// supplied at deploy time and lives only in a Secret.
/// </summary>
public sealed record ValueSegment(string Text, bool IsSecret)
{
    public static ValueSegment Literal(string text) => new(text, IsSecret: false);

    public static ValueSegment Secret(string key) => new(key, IsSecret: true);
}
