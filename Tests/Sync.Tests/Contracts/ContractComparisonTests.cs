using System.Text.Json.Nodes;

namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>
/// The compatibility rules, one small schema pair each, so the recorded-schema test is known to fail on every kind of
/// breaking change and to let every safe one through.
/// </summary>
public sealed class ContractComparisonTests
{
    // The shape the exporter writes: a uuid, a name, a count (the wire options also read numbers from strings), a
    // status by name, a nullable note, and a list of objects.
    const string Recorded = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "ThingChanged",
          "type": "object",
          "properties": {
            "id": { "type": "string", "format": "uuid" },
            "name": { "type": "string" },
            "count": { "type": ["string", "integer"], "pattern": "^-?(?:0|[1-9]\\d*)$" },
            "status": { "type": "string", "enum": ["Open", "Closed"] },
            "note": { "type": ["string", "null"] },
            "tip": { "type": ["string", "null"], "default": null },
            "lines": {
              "type": "array",
              "items": { "type": "object", "properties": { "name": { "type": "string" } }, "required": ["name"] }
            }
          },
          "required": ["id", "name", "count", "status", "note", "lines"]
        }
        """;

    [Fact]
    public void The_same_schema_is_no_change_whatever_the_order_of_its_members()
    {
        Assert.Empty(Judge(schema =>
        {
            var properties = Properties(schema);
            var name = properties["name"]!;
            properties.Remove("name");
            properties["name"] = name;
        }));
    }

    [Fact]
    public void A_removed_field_breaks() =>
        AssertBreaks(".name", schema => Remove(schema, "name"));

    [Fact]
    public void A_renamed_field_breaks() =>
        AssertBreaks(".name", schema =>
        {
            Remove(schema, "name");
            Add(schema, "title", """{ "type": "string" }""", required: true);
        });

    [Fact]
    public void A_changed_type_breaks() =>
        AssertBreaks(".count", schema => Properties(schema)["count"] = JsonNode.Parse("""{ "type": "string" }"""));

    [Fact]
    public void A_changed_format_breaks() =>
        AssertBreaks(".id", schema => Properties(schema)["id"]!["format"] = "date-time");

    [Fact]
    public void A_new_required_field_breaks() =>
        AssertBreaks(".cuisine", schema => Add(schema, "cuisine", """{ "type": "string" }""", required: true));

    [Fact]
    public void A_narrowed_vocabulary_breaks() =>
        AssertBreaks(".status", schema => Properties(schema)["status"]!["enum"] = new JsonArray("Open"));

    [Fact]
    public void A_vocabulary_put_on_a_free_text_field_breaks() =>
        AssertBreaks(".name", schema => Properties(schema)["name"]!["enum"] = new JsonArray("Ada", "Grace"));

    [Fact]
    public void A_field_that_may_no_longer_be_null_breaks() =>
        AssertBreaks(".note", schema => Properties(schema)["note"]!["type"] = "string");

    [Fact]
    public void A_field_that_may_now_be_null_breaks() =>
        AssertBreaks(".name", schema => Properties(schema)["name"]!["type"] = new JsonArray("string", "null"));

    [Fact]
    public void An_optional_field_made_required_breaks() =>
        AssertBreaks(".tip", schema => Required(schema).Add("tip"));

    [Fact]
    public void An_optional_field_with_another_default_breaks() =>
        AssertBreaks(".tip", schema => Properties(schema)["tip"]!["default"] = "none");

    [Fact]
    public void A_field_removed_inside_a_list_breaks() =>
        AssertBreaks(".lines[].name", schema =>
        {
            var item = Properties(schema)["lines"]!["items"]!.AsObject();
            Remove(item, "name");
        });

    [Fact]
    public void A_new_word_in_a_vocabulary_waits_for_every_consumer()
    {
        var change = Assert.Single(Judge(schema => Properties(schema)["status"]!["enum"]!.AsArray().Add("Paused")));
        Assert.Equal((ContractChangeKind.ConsumersFirst, "ThingChanged.status"), (change.Kind, change.Path));
        Assert.Contains("\"Paused\"", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_optional_field_is_additive()
    {
        var change = Assert.Single(Judge(schema => Add(schema, "rating", """{ "type": ["integer", "null"], "default": null }""", required: false)));
        Assert.Equal((ContractChangeKind.Additive, "ThingChanged.rating"), (change.Kind, change.Path));
    }

    [Fact]
    public void A_required_field_made_optional_is_additive()
    {
        // Every producer writes every member, so consumers of the build before still get it.
        var change = Assert.Single(Judge(schema => Required(schema).Remove(Required(schema).Single(name => name!.GetValue<string>() == "note"))));
        Assert.Equal((ContractChangeKind.Additive, "ThingChanged.note"), (change.Kind, change.Path));
    }

    [Fact]
    public void New_wording_is_additive() =>
        Assert.Equal(ContractChangeKind.Additive, Assert.Single(Judge(schema => schema["title"] = "The thing")).Kind);

    [Fact]
    public void A_keyword_no_rule_reads_waits_for_approval() =>
        Assert.Equal(ContractChangeKind.Unjudged, Assert.Single(Judge(schema => Properties(schema)["name"]!["minLength"] = 1)).Kind);

    [Fact]
    public void Nothing_changed_writes_nothing_and_passes() =>
        Assert.Equal(new RecordingDecision(false, null), ContractRecording.Decide([], ci: true, approved: false));

    [Fact]
    public void An_additive_change_is_recorded_on_a_developers_machine_without_asking() =>
        Assert.Equal(new RecordingDecision(true, null), ContractRecording.Decide([Additive], ci: false, approved: false));

    [Fact]
    public void A_ci_run_never_rewrites_the_recording_and_fails_while_it_is_out_of_date()
    {
        foreach (var changes in new[] { [Additive], new[] { Additive, NewWord } })
        {
            var decision = ContractRecording.Decide(changes, ci: true, approved: true);
            Assert.False(decision.Rewrite);
            Assert.Contains("CI never rewrites the recording", decision.Failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_new_word_is_recorded_only_when_approved()
    {
        var refused = ContractRecording.Decide([Additive, NewWord], ci: false, approved: false);
        Assert.False(refused.Rewrite);
        Assert.Contains(ContractRecording.ApproveVariable + "=1", refused.Failure, StringComparison.Ordinal);
        Assert.Equal(new RecordingDecision(true, null), ContractRecording.Decide([Additive, NewWord], ci: false, approved: true));
    }

    [Fact]
    public void A_breaking_change_is_never_recorded_even_when_approved()
    {
        var decision = ContractRecording.Decide([Additive, new ContractChange("ThingChanged.name", ContractChangeKind.Breaking, "is gone")], ci: false, approved: true);
        Assert.False(decision.Rewrite);
        Assert.Contains("Breaking: ThingChanged.name is gone", decision.Failure, StringComparison.Ordinal);
        Assert.Contains("new event type", decision.Failure, StringComparison.Ordinal);
    }

    static readonly ContractChange Additive = new("ThingChanged.rating", ContractChangeKind.Additive, "is new and optional");
    static readonly ContractChange NewWord = new("ThingChanged.status", ContractChangeKind.ConsumersFirst, "gained \"Paused\"");

    static void AssertBreaks(string member, Action<JsonObject> change)
    {
        var changes = Judge(change);
        Assert.Contains(changes, found => found.Kind == ContractChangeKind.Breaking && found.Path == "ThingChanged" + member);
        Assert.False(ContractRecording.Decide(changes, ci: false, approved: true).Rewrite);
    }

    static IReadOnlyList<ContractChange> Judge(Action<JsonObject> change)
    {
        var current = JsonNode.Parse(Recorded)!.AsObject();
        change(current);
        return ContractComparison.Compare("ThingChanged", JsonNode.Parse(Recorded)!, current);
    }

    static JsonObject Properties(JsonObject schema) => schema["properties"]!.AsObject();

    static JsonArray Required(JsonObject schema) => schema["required"]!.AsArray();

    static void Remove(JsonObject schema, string name)
    {
        Properties(schema).Remove(name);
        if (Required(schema).FirstOrDefault(required => required!.GetValue<string>() == name) is { } listed)
        {
            Required(schema).Remove(listed);
        }
    }

    static void Add(JsonObject schema, string name, string member, bool required)
    {
        Properties(schema)[name] = JsonNode.Parse(member);
        if (required)
        {
            Required(schema).Add(name);
        }
    }
}
