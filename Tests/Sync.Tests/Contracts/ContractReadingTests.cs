using System.Text.Json;
using System.Text.Json.Nodes;
using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>
/// The recorded schema says what a consumer really accepts: a member it lists as required is refused when missing and
/// only those; a null only where it allows one; a status only from its vocabulary; and a member it does not list is
/// ignored (the tolerant reader that lets an owner add a field before its consumers know it).
/// </summary>
public sealed class ContractReadingTests
{
    public static TheoryData<string> EventTypes() => [.. ContractSchemas.EventTypes.Select(type => type.Name)];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void A_member_missing_is_refused_exactly_when_the_schema_requires_it(string eventType)
    {
        var (change, schema) = Sample(eventType);
        foreach (var (at, member, required, _) in Members(schema, Body(change)))
        {
            var body = Body(change);
            Locate(body, at).Remove(member);
            Assert.True(required == !Reads(change.GetType(), body), $"{eventType}{at}.{member}: required {required}, but read without it {!required}");
        }
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void A_null_is_refused_exactly_where_the_schema_allows_none(string eventType)
    {
        var (change, schema) = Sample(eventType);
        foreach (var (at, member, _, nullable) in Members(schema, Body(change)))
        {
            var body = Body(change);
            Locate(body, at)[member] = null;
            Assert.True(nullable == Reads(change.GetType(), body), $"{eventType}{at}.{member}: nullable {nullable}, but read with null {!nullable}");
        }
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void A_word_outside_the_schemas_vocabulary_is_refused_by_the_contracts_invariants(string eventType)
    {
        var (change, schema) = Sample(eventType);
        foreach (var (name, member) in schema["properties"]!.AsObject())
        {
            if (member!["enum"] is not JsonArray words)
            {
                continue;
            }
            var body = Body(change);
            foreach (var word in words)
            {
                body[name] = word!.GetValue<string>();
                // A word of the vocabulary is never what the invariants complain about (other rules may tie it to other fields).
                Assert.DoesNotContain($"{eventType}.{char.ToUpperInvariant(name[0])}{name[1..]} is", Check(change.GetType(), body) ?? "", StringComparison.Ordinal);
            }
            body[name] = "NoSuchWord";
            Assert.Contains($"{eventType}.{char.ToUpperInvariant(name[0])}{name[1..]} is 'NoSuchWord'", Check(change.GetType(), body), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void A_member_the_schema_does_not_know_is_ignored(string eventType)
    {
        var (change, _) = Sample(eventType);
        var body = Body(change);
        body["addedByANewerOwner"] = new JsonObject { ["anything"] = new JsonArray(1, "two") };
        var info = ContractsJsonContext.Default.GetTypeInfo(change.GetType())!;
        var read = JsonSerializer.Deserialize(body.ToJsonString(), info)!;
        Assert.Equal(JsonSerializer.Serialize(change, info), JsonSerializer.Serialize(read, info));
    }

    static (IChangeEvent Change, JsonObject Schema) Sample(string eventType)
    {
        var change = ValidEvents.All().Single(candidate => candidate.GetType().Name == eventType);
        return (change, ContractSchemas.Export(change.GetType()));
    }

    static JsonObject Body(IChangeEvent change) =>
        JsonSerializer.SerializeToNode(change, ContractsJsonContext.Default.GetTypeInfo(change.GetType())!)!.AsObject();

    /// <summary>Every member the schema describes, in the event and in the first item of its lists, as the body has them.</summary>
    static IEnumerable<(string At, string Member, bool Required, bool Nullable)> Members(JsonObject schema, JsonObject body, string at = "")
    {
        var required = schema["required"] is JsonArray names ? names.Select(name => name!.GetValue<string>()).ToHashSet() : [];
        foreach (var (name, member) in schema["properties"]!.AsObject())
        {
            var nullable = member!["type"] is JsonArray types && types.Any(type => type!.GetValue<string>() == "null");
            yield return (at, name, required.Contains(name), nullable);
            if (member["items"] is JsonObject { } items && items["properties"] is not null && body[name] is JsonArray { Count: > 0 } list && list[0] is JsonObject first)
            {
                foreach (var inner in Members(items, first, $"{at}.{name}[0]"))
                {
                    yield return inner;
                }
            }
        }
    }

    static JsonObject Locate(JsonObject body, string at)
    {
        JsonNode node = body;
        foreach (var step in at.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node[step[..step.IndexOf('[', StringComparison.Ordinal)]]![0]!;
        }
        return node.AsObject();
    }

    static bool Reads(Type eventType, JsonObject body)
    {
        try
        {
            return JsonSerializer.Deserialize(body.ToJsonString(), ContractsJsonContext.Default.GetTypeInfo(eventType)!) is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static string? Check(Type eventType, JsonObject body) =>
        ChangeInvariants.Check((IChangeEvent)JsonSerializer.Deserialize(body.ToJsonString(), ContractsJsonContext.Default.GetTypeInfo(eventType)!)!);
}
