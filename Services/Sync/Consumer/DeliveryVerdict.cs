namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// What to tell the broker about a delivery: acknowledge it, move it to the dead-letter queue with a reason, or
/// nothing yet (<see cref="ParkedBecause"/>: held unacknowledged and tried again later; its outcome is not decided).
/// </summary>
internal sealed record DeliveryVerdict(ChangeOutcome Outcome, string? DeadLetterReason = null)
{
    /// <summary>Set when the delivery could not be applied for now (contention on its entity): try it again after a pause.</summary>
    public string? ParkedBecause { get; init; }

    public static DeliveryVerdict Park(string reason) => new(ChangeOutcome.Applied) { ParkedBecause = reason };

    public static DeliveryVerdict Ack(ChangeOutcome outcome) => new(outcome);

    public static DeliveryVerdict DeadLetter(string reason) => new(ChangeOutcome.DeadLettered, reason);

    /// <summary>From a publisher that may not write this event: dead-lettered, and counted apart from malformed ones.</summary>
    public static DeliveryVerdict Unauthorised(string reason) => new(ChangeOutcome.Unauthorised, $"{UnauthorisedPublisher}: {reason}");

    /// <summary>The reason's first word for every event refused for its provenance.</summary>
    public const string UnauthorisedPublisher = "unauthorised-publisher";
}
