using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The schema check can fail: an unknown field, a wrong type, a missing required field or a value outside an
/// enum is reported with its path, on a small schema of our own and on the generated resources against the
/// operators' published CRDs; only where a schema preserves unknown fields do they pass.
/// </summary>
public sealed class CustomResourceSchemaTests
{
    /// <summary>The spec's fields of the small schema the validator is tried on (YAML lines, indented 6).</summary>
    const string BrokerFields = """
              replicas: {type: integer, minimum: 1}
              storage: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}], pattern: '^[0-9]+Gi$'}
              mode: {type: string, enum: [quorum, classic]}
              labels: {type: object, additionalProperties: {type: string}}
              nodes:
                type: array
                items: {type: object, properties: {name: {type: string}}}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    static readonly CustomResourceSchema Schema = BrokerSchema("replicas", BrokerFields);

    static JsonObject Broker(string spec) => (JsonObject)YamlDocuments.Load($"""
        apiVersion: example.com/v1
        kind: Broker
        metadata:
          name: messaging
          labels:
            app: x
        spec:
        {spec}
        """).Single()!;

    [Fact]
    public void A_resource_the_schema_describes_passes()
    {
        var valid = Broker("""
              replicas: 3
              storage: 10Gi
              mode: quorum
              labels: {a: b}
              nodes: [{name: one}]
              extra: {anything: [1, 2], goes: {here: true}}
            """);
        Assert.Empty(Schema.Validate(valid));
        Assert.Empty(Schema.Validate(Broker("  replicas: 3\n  storage: 10")));
    }

    [Theory]
    [InlineData("  replicas: 3\n  replica: 3", "spec.replica: unknown field")]
    [InlineData("  replicas: 3\n  nodes: [{name: one, zone: a}]", "spec.nodes[0].zone: unknown field")]
    [InlineData("  replicas: \"3\"", "spec.replicas: must be an integer")]
    [InlineData("  replicas: 0", "spec.replicas: below 1")]
    [InlineData("  storage: 10Gi", "spec.replicas: required")]
    [InlineData("  replicas: 3\n  mode: mirrored", "spec.mode: \"mirrored\" is not one of")]
    [InlineData("  replicas: 3\n  storage: ten", "spec.storage: \"ten\" does not match")]
    [InlineData("  replicas: 3\n  storage: true", "spec.storage: must be an integer or a string")]
    [InlineData("  replicas: 3\n  labels: {a: 1}", "spec.labels.a: must be a string")]
    public void A_resource_with_an_unknown_field_or_a_wrong_value_is_rejected(string spec, string error)
    {
        Assert.Contains(Schema.Validate(Broker(spec)), e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_metadata_and_another_kind_are_rejected()
    {
        var resource = Broker("  replicas: 3");
        resource["metadata"]!["finalizer"] = "x";
        resource["kind"] = "Queue";
        var errors = Schema.Validate(resource);
        Assert.Contains(errors, e => e.StartsWith("metadata.finalizer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("not example.com/v1 Broker", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("RabbitmqCluster", "messaging", "spec", "replica", "3", "spec.replica: unknown field")]
    [InlineData("RabbitmqCluster", "messaging", "spec", "replicas", "\"3\"", "spec.replicas: must be an integer")]
    [InlineData("RabbitmqCluster", "messaging", "spec.override.statefulSet.spec.template.spec.containers.0", "imagePullPolice", "\"Always\"",
        "spec.override.statefulSet.spec.template.spec.containers[0].imagePullPolice: unknown field")]
    [InlineData("Cluster", "postgres", "spec.postgresql.synchronous", "methods", "\"any\"", "spec.postgresql.synchronous.methods: unknown field")]
    [InlineData("Cluster", "postgres", "spec.postgresql.synchronous", "method", "\"some\"", "spec.postgresql.synchronous.method: \"some\" is not one of")]
    [InlineData("Cluster", "postgres", "spec", "instances", "true", "spec.instances: must be an integer")]
    [InlineData("Cluster", "postgres", "spec.backup.barmanObjectStore", "destinationPath", "\"\"", "spec.backup.barmanObjectStore.destinationPath: shorter than 1")]
    [InlineData("Cluster", "postgres", "spec.backup", "retentionPolicy", "\"30 days\"", "spec.backup.retentionPolicy: \"30 days\" does not match")]
    [InlineData("ScheduledBackup", "postgres-nightly", "spec", "method", "\"snapshot\"", "spec.method: \"snapshot\" is not one of")]
    [InlineData("ScheduledBackup", "postgres-nightly", "spec.cluster", "namespace", "\"other\"", "spec.cluster.namespace: unknown field")]
    public void The_CRD_schemas_reject_a_generated_resource_with_an_unknown_field_or_a_wrong_type(
        string kind, string name, string at, string field, string json, string error)
    {
        using var build = new OverlayBuild($"overlays/{HighAvailabilityOverlay.FolderName}");
        var resource = build.CustomResource(kind, name);
        var apiVersion = (string)resource["apiVersion"]!;
        // The structural schema always; the published one too where it is at hand.
        var schemas = new[] { CustomResourceDefinitions.StructuralFor(apiVersion, kind), CustomResourceDefinitions.PublishedFor(apiVersion, kind) };
        foreach (var schema in schemas.OfType<CustomResourceSchema>())
        {
            Assert.Empty(schema.Validate(resource));
        }

        JsonNode target = resource;
        foreach (var step in at.Split('.'))
        {
            target = int.TryParse(step, out var index) ? target[index]! : target[step]!;
        }
        target[field] = JsonNode.Parse(json);
        foreach (var schema in schemas.OfType<CustomResourceSchema>())
        {
            Assert.Contains(schema.Validate(resource), e => e.StartsWith(error, StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public void Every_structural_schema_is_no_looser_than_the_published_CRD_it_stands_in_for()
    {
        Skip.If(CustomResourceDefinitions.PublishedMissingReason is not null, CustomResourceDefinitions.PublishedMissingReason);
        Assert.NotEmpty(CustomResourceDefinitions.Structural);
        foreach (var structural in CustomResourceDefinitions.Structural)
        {
            var published = CustomResourceDefinitions.PublishedFor(structural.ApiVersion, structural.Kind);
            Assert.True(published is not null, $"no published CRD for {structural}");
            Assert.Empty(structural.LooserThan(published));
        }
    }

    [Theory]
    [InlineData("      replicas: {type: integer, minimum: 1}\n      zone: {type: string}", "spec.zone: not a field of the published schema")]
    [InlineData("      replicas: {type: string}", "spec.replicas: string where the published schema has integer")]
    [InlineData("      replicas: {type: integer}", "spec.replicas: minimum looser than the published 1")]
    [InlineData("      replicas: {type: integer, minimum: 1}\n      mode: {type: string}", "spec.mode: allows values outside")]
    [InlineData("      replicas: {type: integer, minimum: 1}\n      mode: {type: string, enum: [quorum, mirrored]}", "spec.mode: allows values outside")]
    [InlineData("      replicas: {type: integer, minimum: 1}\n      storage: {type: string}", "spec.storage: pattern is not the published")]
    [InlineData("      replicas: {type: integer, minimum: 1}\n      labels: {type: object, additionalProperties: {type: integer}}", "spec.labels.*: integer where the published schema has string")]
    [InlineData("      replicas: {type: integer, minimum: 1}\n      nodes: {type: array, items: {type: object, properties: {zone: {type: string}}}}", "spec.nodes[].zone: not a field")]
    public void A_structural_schema_looser_than_the_published_one_is_found(string properties, string looser)
    {
        Assert.Contains(BrokerSchema("replicas", properties).LooserThan(Schema), e => e.StartsWith(looser, StringComparison.Ordinal));
    }

    [Fact]
    public void A_structural_schema_that_names_fewer_fields_and_requires_more_is_no_looser()
    {
        var structural = BrokerSchema("replicas, mode", """
                  replicas: {type: integer, minimum: 3}
                  mode: {type: string, enum: [quorum]}
                  storage: {type: string, pattern: '^[0-9]+Gi$'}
                  extra: {type: object, properties: {anything: {type: string}}}
            """);
        Assert.Empty(structural.LooserThan(Schema));
        var other = BrokerSchema("replicas, storage", BrokerFields);
        Assert.Contains(structural.LooserThan(other), e => e.StartsWith("spec.storage: required there, not here", StringComparison.Ordinal));
    }

    /// <summary>A Broker CRD whose spec requires <paramref name="required"/> and has <paramref name="fields"/> (YAML lines, indented 6).</summary>
    static CustomResourceSchema BrokerSchema(string required, string fields) => Assert.Single(CustomResourceSchema.FromDefinition($$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: brokers.example.com
        spec:
          group: example.com
          names:
            kind: Broker
          versions:
          - name: v1
            served: true
            schema:
              openAPIV3Schema:
                type: object
                required: [spec]
                properties:
                  apiVersion: {type: string}
                  kind: {type: string}
                  metadata: {type: object}
                  spec:
                    type: object
                    required: [{{required}}]
                    properties:
        {{Indent(fields, "              ")}}
        """));

    static string Indent(string lines, string prefix) =>
        string.Join('\n', lines.Split('\n').Select(l => prefix + l));
}
