namespace FoodDelivery.Sync.Repair;

/// <summary>What a repair did: a count and a sentence for the dashboard.</summary>
internal sealed record RepairResult(long Count, string Message);
