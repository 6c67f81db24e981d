namespace FoodDelivery.Sync.Convergence;

/// <summary>The owner could not be reached, or answered but not with its snapshots (an error status); the message says which.</summary>
internal sealed class OwnedSnapshotsUnavailableException : Exception
{
    public OwnedSnapshotsUnavailableException(string message) : base(message)
    {
    }

    public OwnedSnapshotsUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
