namespace FoodDelivery.Sync.DeadLetters;

/// <summary>A dead letter with everything it carries: its AMQP headers (as text) and its body.</summary>
internal sealed record DeadLetterContent(
    DeadLetter Letter,
    string? ContentType,
    IReadOnlyDictionary<string, string?> Headers,
    string Body);
