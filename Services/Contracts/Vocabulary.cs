using System.Collections.Frozen;

namespace FoodDelivery.Contracts;

/// <summary>
/// The words of one vocabulary enum as they travel: member names, matched exactly. Not
/// <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/>, which also takes "2", "-1" and "Paid, Placed".
/// </summary>
public static class Vocabulary<TWord> where TWord : struct, Enum
{
    static readonly FrozenSet<string> Words = Enum.GetNames<TWord>().ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The words in declaration order, for messages: "Placed, Paid, ...".</summary>
    public static string List { get; } = string.Join(", ", Enum.GetNames<TWord>());

    public static bool Contains(string? word) => word is not null && Words.Contains(word);
}
