namespace FoodDelivery.Sync.Outbox;

internal static class RelayReadReasonNames
{
    /// <summary>The reason as the reads metric records it.</summary>
    public static string RecordedName(this RelayReadReason reason) => reason switch
    {
        RelayReadReason.Commit => "commit",
        RelayReadReason.Poll => "poll",
        RelayReadReason.Backlog => "backlog",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
