namespace FoodDelivery.Sync.Inbox;

/// <summary>
/// A delivery whose identity (message id and publisher) the inbox holds for a different change: not a duplicate
/// to skip, since skipping it would lose an event, but a message to dead-letter with this reason.
/// </summary>
sealed class MessageIdConflictException(string reason) : Exception($"{Prefix}: {reason}")
{
    /// <summary>The reason's first word for every such dead letter.</summary>
    public const string Prefix = "message-id-conflict";
}
