using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>
/// The JSON Schema of each change event as it travels: exported from the same source-generated
/// <see cref="ContractsJsonContext"/> metadata the engine serialises and reads the bus with, so the schema's
/// <c>required</c> list and nullability are the reader's own rules (every constructor parameter without a default is
/// required, a null only where the contract is nullable), plus the vocabulary of each status or role
/// (<see cref="OneOfAttribute"/>) as its enum.
/// </summary>
public static class ContractSchemas
{
    public const string Folder = "Services/Contracts/Schemas";

    /// <summary>Every change event of Contracts, by name: the records that implement <see cref="IChangeEvent"/>.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        .. typeof(IChangeEvent).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IChangeEvent).IsAssignableFrom(type))
            .OrderBy(type => type.Name, StringComparer.Ordinal),
    ];

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Export(Type eventType)
    {
        var info = ContractsJsonContext.Default.GetTypeInfo(eventType)
                   ?? throw new InvalidOperationException($"{eventType.Name} is missing from ContractsJsonContext: the engine could not send or read it.");
        var schema = info.GetJsonSchemaAsNode(new JsonSchemaExporterOptions
        {
            // The context respects nullable annotations: what is not marked nullable is refused as null.
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OneOfAttribute), inherit: false)
                        is [OneOfAttribute oneOf, ..] && node is JsonObject property)
                {
                    property["enum"] = new JsonArray([.. Enum.GetNames(oneOf.Vocabulary).Select(word => (JsonNode)word)]);
                }
                return node;
            },
        }).AsObject();
        var recorded = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = eventType.Name,
            ["$comment"] = "Generated from the record by Tests/Sync.Tests/Contracts (ContractSchemaTests); docs/contracts.md says how it may change.",
        };
        foreach (var (name, value) in schema.ToList())
        {
            schema.Remove(name);
            recorded[name] = value;
        }
        return recorded;
    }

    public static string Text(JsonNode schema) => schema.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    /// <summary>Where the recordings live in the checkout: found from the solution file above the test's output.</summary>
    public static string RecordingFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoodDelivery.slnx")))
            {
                return Path.Combine(directory.FullName, Folder);
            }
        }
        throw new InvalidOperationException($"No FoodDelivery.slnx above {AppContext.BaseDirectory}.");
    }

    public static string RecordingPath(string folder, string eventType) => Path.Combine(folder, eventType + ".schema.json");
}
