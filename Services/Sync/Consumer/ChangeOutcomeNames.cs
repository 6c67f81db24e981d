namespace FoodDelivery.Sync.Consumer;

/// <summary>The one name of each outcome wherever it is recorded: the outcome metric's tag, the inbox row, the status report.</summary>
internal static class ChangeOutcomeNames
{
    /// <summary>The lower-case name recorded in metrics, the inbox and the status report.</summary>
    public static string RecordedName(this ChangeOutcome outcome) => outcome switch
    {
        ChangeOutcome.Applied => "applied",
        ChangeOutcome.Duplicate => "duplicate",
        ChangeOutcome.Stale => "stale",
        ChangeOutcome.Unknown => "unknown",
        ChangeOutcome.Own => "own",
        ChangeOutcome.DeadLettered => "dead_lettered",
        ChangeOutcome.Unauthorised => "unauthorised",
        _ => outcome.ToString(),
    };
}
