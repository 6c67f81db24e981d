namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>
/// The rules for updating the recorded schemas (docs/contracts.md): a breaking change is never recorded, whoever asks;
/// an additive one is recorded as the test runs on a developer's machine; a new word in a vocabulary, or a difference
/// no rule judges, only when approved with <see cref="ApproveVariable"/>=1; and a CI run (CI=true) never writes and fails while the recording
/// is not what the records say.
/// </summary>
public static class ContractRecording
{
    public const string ApproveVariable = "FOODDELIVERY_APPROVE_CONTRACTS";

    const string Filter = "dotnet test Tests/Sync.Tests --filter \"FullyQualifiedName~ContractSchemaTests\"";

    public static RecordingDecision Decide(IReadOnlyList<ContractChange> changes, bool ci, bool approved)
    {
        if (changes.Count == 0)
        {
            return new RecordingDecision(Rewrite: false, Failure: null);
        }
        var listed = string.Join("\n", changes.Select(change => "  " + change));
        if (changes.Any(change => change.Kind == ContractChangeKind.Breaking))
        {
            return new RecordingDecision(false,
                $"An event contract changed in a way that a consumer or producer of the build before cannot survive:\n{listed}\n"
                + "Keep the field as it was and publish the new shape as a new event type beside the old one (docs/contracts.md, "
                + "\"Making a breaking change\"); the recording is not rewritten for this, with or without " + ApproveVariable + ".");
        }
        if (ci)
        {
            return new RecordingDecision(false,
                $"The recorded event schemas (Services/Contracts/Schemas) are not what the records say:\n{listed}\n"
                + $"None of them breaks a consumer or producer of the build before, but CI never rewrites the recording: run {Filter} locally"
                + (changes.Any(NeedsApproval) ? $" with {ApproveVariable}=1" : "")
                + " and commit the schema files with the change.");
        }
        if (changes.Any(NeedsApproval) && !approved)
        {
            return new RecordingDecision(false,
                $"An event contract changed in a way that needs a person's approval:\n{listed}\n"
                + "A new word: consumers built before dead-letter an event that carries it, so ship it to every consumer before any "
                + "producer sends it (docs/contracts.md, \"A new word in a vocabulary\"). Then record the change: "
                + $"{ApproveVariable}=1 {Filter}");
        }
        return new RecordingDecision(Rewrite: true, Failure: null);
    }

    static bool NeedsApproval(ContractChange change) => change.Kind is ContractChangeKind.ConsumersFirst or ContractChangeKind.Unjudged;
}
