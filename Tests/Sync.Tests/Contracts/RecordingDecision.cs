namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>What the schema test does with the changes it found: rewrite the recordings, and whether it fails (and why).</summary>
public sealed record RecordingDecision(bool Rewrite, string? Failure);
