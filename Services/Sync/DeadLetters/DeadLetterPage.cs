namespace FoodDelivery.Sync.DeadLetters;

/// <summary>One page of the dead-letter list and how many letters were waiting when it was taken.</summary>
internal sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Letters, long Total);
