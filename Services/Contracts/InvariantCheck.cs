using System.Globalization;
using System.Runtime.CompilerServices;

namespace FoodDelivery.Contracts;

/// <summary>
/// Collects what one event breaks of its contract's invariants, each as
/// <c>Type.Field is value; it must be ...</c>. Values are quoted only for numbers and vocabulary
/// words, never for free text (names, emails, review texts), so a reason can go into a dead-letter
/// header and a log.
/// </summary>
public sealed class InvariantCheck(string eventType)
{
    /// <summary>How much of a refused word a reason quotes.</summary>
    const int QuotedLength = 40;

    List<string>? breaches;

    public string EventType { get; } = eventType;

    public IReadOnlyList<string> Breaches => breaches ?? (IReadOnlyList<string>)[];

    /// <summary>The dead-letter reason, <c>invalid-event: </c> and every breach; null when the event keeps every invariant.</summary>
    public string? Reason => breaches is null ? null : "invalid-event: " + string.Join(". ", breaches);

    /// <summary>Records that <paramref name="field"/> breaks a rule; <paramref name="what"/> says how, e.g. "is -5; it must be >= 0".</summary>
    public InvariantCheck Breach(string field, string what)
    {
        (breaches ??= []).Add($"{EventType}.{field} {what}");
        return this;
    }

    public InvariantCheck That(bool holds, string field, string what) => holds ? this : Breach(field, what);

    public InvariantCheck NotEmpty(Guid value, [CallerArgumentExpression(nameof(value))] string field = "") =>
        value == Guid.Empty ? Breach(field, "is the empty id; it must name an entity") : this;

    /// <summary>An optional id: absent is fine, the empty id is not.</summary>
    public InvariantCheck NotEmpty(Guid? value, [CallerArgumentExpression(nameof(value))] string field = "") =>
        value == Guid.Empty ? Breach(field, "is the empty id; it must name an entity or be null") : this;

    public InvariantCheck NotEmpty(string? value, [CallerArgumentExpression(nameof(value))] string field = "") =>
        value is null ? Breach(field, "is missing; it must have text")
        : string.IsNullOrWhiteSpace(value) ? Breach(field, "is empty; it must have text")
        : this;

    public InvariantCheck AtMostLength(string? value, int maximum, [CallerArgumentExpression(nameof(value))] string field = "") =>
        value is null ? Breach(field, "is missing")
        : value.Length > maximum ? Breach(field, Invariant($"has {value.Length} characters; it must have at most {maximum}"))
        : this;

    public InvariantCheck AtLeast(long value, long minimum, [CallerArgumentExpression(nameof(value))] string field = "") =>
        value < minimum ? Breach(field, Invariant($"is {value}; it must be >= {minimum}")) : this;

    public InvariantCheck Between(long value, long minimum, long maximum, [CallerArgumentExpression(nameof(value))] string field = "") =>
        value < minimum || value > maximum ? Breach(field, Invariant($"is {value}; it must be from {minimum} to {maximum}")) : this;

    /// <summary>An ISO 4217 alphabetic code: three upper-case ASCII letters, e.g. EUR.</summary>
    public InvariantCheck Currency(string? value, [CallerArgumentExpression(nameof(value))] string field = "") =>
        value is { Length: 3 } && value.All(char.IsAsciiLetterUpper)
            ? this
            : Breach(field, $"is {Quoted(value)}; it must be a 3-letter upper-case currency code (ISO 4217)");

    /// <summary>A word of the typed vocabulary <typeparamref name="TWord"/>, by its exact name.</summary>
    public InvariantCheck OneOf<TWord>(string? value, [CallerArgumentExpression(nameof(value))] string field = "") where TWord : struct, Enum =>
        Vocabulary<TWord>.Contains(value) ? this : Breach(field, $"is {Quoted(value)}; it must be one of {Vocabulary<TWord>.List}");

    static string Quoted(string? value) =>
        value is null ? "missing"
        : value.Length > QuotedLength ? $"'{value[..QuotedLength]}...'"
        : $"'{value}'";

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
