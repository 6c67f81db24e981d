namespace FoodDelivery.Sync.Repair;

/// <summary>What a repair did: a count and a sentence for the dashboard.</summary>
public sealed record RepairResult(long Count, string Message);
