using System.Text.Json.Nodes;

namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>
/// Judges a change of one event's schema by who could not survive it while old and new builds run side by side.
/// Written by hand: the served schema libraries (JsonSchema.Net, NJsonSchema) validate documents against one schema,
/// none compares two for compatibility (Confluent's registry does, as a server), and the rules are this bus's own:
/// <list type="bullet">
/// <item>every producer writes every member, nulls included (the wire options ignore none);</item>
/// <item>a consumer refuses a missing required member, a null where the contract has none, and a word outside a
/// status's vocabulary (its invariants), and ignores members it does not know (tolerant reader).</item>
/// </list>
/// So an old consumer reads what a new producer writes, and a new consumer what an old producer writes; each rule
/// below says which side breaks.
/// </summary>
public static class ContractComparison
{
    /// <summary>Members that describe the schema and carry no rule.</summary>
    static readonly HashSet<string> Annotations = ["$schema", "$comment", "title", "description"];

    public static IReadOnlyList<ContractChange> Compare(string eventType, JsonNode recorded, JsonNode current)
    {
        var changes = new List<ContractChange>();
        CompareValue(eventType, recorded.AsObject(), current.AsObject(), changes);
        if (changes.Count == 0 && !JsonNode.DeepEquals(WithoutAnnotations(recorded), WithoutAnnotations(current)))
        {
            changes.Add(new ContractChange(eventType, ContractChangeKind.Unjudged,
                "differs from its recording in a way no rule here judges (read the difference before approving it)"));
        }
        else if (changes.Count == 0 && !JsonNode.DeepEquals(recorded, current))
        {
            changes.Add(new ContractChange(eventType, ContractChangeKind.Additive, "has new wording (title or comments); the recording follows"));
        }
        return changes;
    }

    static void CompareValue(string path, JsonObject before, JsonObject after, List<ContractChange> changes)
    {
        var (beforeTypes, beforeNullable) = TypesOf(before);
        var (afterTypes, afterNullable) = TypesOf(after);
        if (!beforeTypes.SetEquals(afterTypes) || Text(before, "format") != Text(after, "format")
            || Text(before, "pattern") != Text(after, "pattern"))
        {
            changes.Add(Breaking(path, $"changed type from {Describe(before)} to {Describe(after)}: each side misreads or refuses the other's values"));
            return;
        }
        if (!beforeNullable && afterNullable)
        {
            changes.Add(Breaking(path, "may now be null: consumers built before refuse an event with a null here"));
        }
        else if (beforeNullable && !afterNullable)
        {
            changes.Add(Breaking(path, "may no longer be null: producers built before still send null here, and consumers built now refuse it"));
        }
        CompareWords(path, before, after, changes);
        if (before["properties"] is JsonObject || after["properties"] is JsonObject)
        {
            CompareMembers(path, before, after, changes);
        }
        if (before["items"] is JsonObject beforeItems && after["items"] is JsonObject afterItems)
        {
            CompareValue(path + "[]", beforeItems, afterItems, changes);
        }
    }

    static void CompareWords(string path, JsonObject before, JsonObject after, List<ContractChange> changes)
    {
        var beforeWords = WordsOf(before);
        var afterWords = WordsOf(after);
        if (beforeWords is null && afterWords is null)
        {
            return;
        }
        if (beforeWords is null)
        {
            changes.Add(Breaking(path, $"is now limited to {List(afterWords!)}: producers built before may send other words, which consumers built now refuse"));
            return;
        }
        if (afterWords is null)
        {
            changes.Add(new ContractChange(path, ContractChangeKind.ConsumersFirst,
                $"is no longer limited to {List(beforeWords)}: consumers built before dead-letter any other word, so every consumer must run this build before a producer sends one"));
            return;
        }
        if (beforeWords.Except(afterWords, StringComparer.Ordinal).ToList() is [_, ..] removed)
        {
            changes.Add(Breaking(path, $"lost {List(removed)}: producers built before still send it, and consumers built now refuse it"));
        }
        if (afterWords.Except(beforeWords, StringComparer.Ordinal).ToList() is [_, ..] added)
        {
            changes.Add(new ContractChange(path, ContractChangeKind.ConsumersFirst,
                $"gained {List(added)}: consumers built before dead-letter an event that carries it, so every consumer must run this build before a producer sends it"));
        }
    }

    static void CompareMembers(string path, JsonObject before, JsonObject after, List<ContractChange> changes)
    {
        var beforeMembers = before["properties"] as JsonObject ?? [];
        var afterMembers = after["properties"] as JsonObject ?? [];
        var beforeRequired = RequiredOf(before);
        var afterRequired = RequiredOf(after);
        foreach (var (name, beforeMember) in beforeMembers)
        {
            var at = $"{path}.{name}";
            if (afterMembers[name] is not JsonObject afterMember)
            {
                changes.Add(Breaking(at, "is gone (removed or renamed): consumers built before still expect it, and refuse or misread events without it"));
                continue;
            }
            CompareValue(at, beforeMember!.AsObject(), afterMember, changes);
            var wasRequired = beforeRequired.Contains(name);
            var isRequired = afterRequired.Contains(name);
            if (wasRequired && !isRequired)
            {
                changes.Add(new ContractChange(at, ContractChangeKind.Additive,
                    "is no longer required: every producer still writes it, and consumers built now also read events without it"));
            }
            else if (!wasRequired && isRequired)
            {
                changes.Add(Breaking(at, "is now required: producers that leave it out (those built before it existed) have their events refused"));
            }
            else if (!isRequired && !JsonNode.DeepEquals(beforeMember["default"], afterMember["default"]))
            {
                changes.Add(Breaking(at, $"defaults to {afterMember["default"]?.ToJsonString() ?? "nothing"} instead of {beforeMember["default"]?.ToJsonString() ?? "nothing"}: "
                                         + "an event without it means one thing to consumers built before and another to those built now"));
            }
        }
        foreach (var (name, _) in afterMembers.Where(member => !beforeMembers.ContainsKey(member.Key)))
        {
            var at = $"{path}.{name}";
            changes.Add(afterRequired.Contains(name)
                ? Breaking(at, "is new and required: producers built before do not send it, and consumers built now refuse their events")
                : new ContractChange(at, ContractChangeKind.Additive,
                    "is new and optional: consumers built before ignore it, and consumers built now read events of producers built before with its default"));
        }
    }

    static ContractChange Breaking(string path, string reason) => new(path, ContractChangeKind.Breaking, reason);

    /// <summary>The JSON types a value may take, "null" apart (a schema without "type" allows anything: none listed).</summary>
    static (HashSet<string> Types, bool Nullable) TypesOf(JsonObject schema)
    {
        var types = schema["type"] switch
        {
            JsonArray list => list.Select(type => type!.GetValue<string>()).ToHashSet(StringComparer.Ordinal),
            JsonValue one => [one.GetValue<string>()],
            _ => new HashSet<string>(StringComparer.Ordinal),
        };
        var nullable = types.Remove("null");
        return (types, nullable);
    }

    static List<string>? WordsOf(JsonObject schema) =>
        schema["enum"] is JsonArray words ? [.. words.Where(word => word is not null).Select(word => word!.ToJsonString())] : null;

    static HashSet<string> RequiredOf(JsonObject schema) =>
        schema["required"] is JsonArray names ? [.. names.Select(name => name!.GetValue<string>())] : [];

    static string? Text(JsonObject schema, string member) => schema[member]?.ToJsonString();

    static string Describe(JsonObject schema)
    {
        var (types, _) = TypesOf(schema);
        var described = types.Count == 0 ? "any" : string.Join(" or ", types.Order(StringComparer.Ordinal));
        return Text(schema, "format") is { } format ? $"{described} ({format.Trim('"')})" : described;
    }

    static string List(IEnumerable<string> words) => string.Join(", ", words);

    static JsonNode WithoutAnnotations(JsonNode schema)
    {
        var copy = schema.DeepClone().AsObject();
        foreach (var name in Annotations)
        {
            copy.Remove(name);
        }
        return copy;
    }
}
