namespace FoodDelivery.Sync.DeadLetters;

/// <summary>
/// One message waiting in this service's dead-letter queue, as an operator lists it: what it is
/// (event type, entity, version), why it died and when it first did. <see cref="FirstDiedAt"/> is
/// the broker's record for a message that hit the delivery limit, the engine's own header for one it
/// refused, and unknown for letters written before the engine recorded it.
/// </summary>
internal sealed record DeadLetter(
    string MessageId,
    string? Type,
    Guid? AggregateId,
    long? Version,
    string Reason,
    string? DeadLetteredBy,
    DateTimeOffset? FirstDiedAt,
    string? PublishedBy);
