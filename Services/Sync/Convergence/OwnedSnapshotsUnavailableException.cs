namespace FoodDelivery.Sync.Convergence;

/// <summary>The owner answered, but not with its snapshots (an error status); the message says which.</summary>
public sealed class OwnedSnapshotsUnavailableException(string message) : Exception(message);
