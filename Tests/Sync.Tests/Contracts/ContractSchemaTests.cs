using System.Text.Json.Nodes;

namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>
/// Every change event's schema, as the records say it now, against its recording in Services/Contracts/Schemas: a
/// change that an older consumer or producer could not survive fails here; a safe one updates the recording
/// (<see cref="ContractRecording"/>).
/// </summary>
public sealed class ContractSchemaTests
{
    [Fact]
    public void Every_event_contract_is_compatible_with_its_recorded_schema()
    {
        var folder = ContractSchemas.RecordingFolder();
        var current = ContractSchemas.EventTypes.ToDictionary(type => type.Name, ContractSchemas.Export, StringComparer.Ordinal);
        var recorded = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.schema.json").ToDictionary(
                file => Path.GetFileName(file)[..^".schema.json".Length], file => JsonNode.Parse(File.ReadAllText(file))!, StringComparer.Ordinal)
            : [];

        var changes = new List<ContractChange>();
        var outdated = new List<string>();
        foreach (var (eventType, schema) in current)
        {
            var found = recorded.TryGetValue(eventType, out var before)
                ? ContractComparison.Compare(eventType, before, schema)
                : [new ContractChange(eventType, ContractChangeKind.Additive, "is a new event type: no consumer of the build before knows it, so none is hurt")];
            changes.AddRange(found);
            if (found.Count > 0)
            {
                outdated.Add(eventType);
            }
        }
        foreach (var retired in recorded.Keys.Where(name => !current.ContainsKey(name)))
        {
            changes.Add(new ContractChange(retired, ContractChangeKind.Breaking,
                "is recorded but no longer a contract: its consumers would wait for it forever. Retire an event type only once no service "
                + "publishes or replicates it, by deleting its recording in the same change"));
        }

        var decision = ContractRecording.Decide(changes,
            ci: string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
            approved: Environment.GetEnvironmentVariable(ContractRecording.ApproveVariable) == "1");
        if (decision.Rewrite)
        {
            Directory.CreateDirectory(folder);
            foreach (var eventType in outdated)
            {
                File.WriteAllText(ContractSchemas.RecordingPath(folder, eventType), ContractSchemas.Text(current[eventType]));
            }
        }
        if (decision.Failure is { } failure)
        {
            Assert.Fail(failure);
        }
    }
}
