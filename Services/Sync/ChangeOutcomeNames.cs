namespace FoodDelivery.Sync;

public static class ChangeOutcomeNames
{
    /// <summary>The lower-case name used in metrics, the inbox and the status report.</summary>
    public static string ToMetricValue(this ChangeOutcome outcome) => outcome switch
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
