namespace FoodDelivery.Sync.DeadLetters;

/// <summary>Who discards a dead letter and why: both are required, and both go into the log with what was discarded.</summary>
internal sealed record DeadLetterDiscard(string? By, string? Reason);
