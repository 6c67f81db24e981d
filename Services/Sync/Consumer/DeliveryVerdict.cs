namespace FoodDelivery.Sync.Consumer;

/// <summary>What to tell the broker about a delivery: acknowledge it, or move it to the dead-letter queue with a reason.</summary>
public sealed record DeliveryVerdict(ChangeOutcome Outcome, string? DeadLetterReason = null)
{
    public static DeliveryVerdict Ack(ChangeOutcome outcome) => new(outcome);

    public static DeliveryVerdict DeadLetter(string reason) => new(ChangeOutcome.DeadLettered, reason);
}
