using FoodDelivery.Sync.DeadLetters;

namespace FoodDelivery.Sync.Entities;

/// <summary>
/// What one service knows of one entity: the version it holds (its own row if it is the owner, its replica
/// row otherwise; null when it holds none) and whether that is a tombstone; as the owner, every version it
/// published; as a consumer, every version it received and what became of it, and the ones that wait in its
/// dead-letter queue. <see cref="Error"/> says why a service could not be asked.
/// </summary>
internal sealed record EntityCopy(
    string Service,
    bool IsOwner,
    long? HeldVersion,
    bool? Deleted,
    IReadOnlyList<PublishedVersion> Published,
    IReadOnlyList<ReceivedVersion> Received,
    IReadOnlyList<DeadLetter> DeadLetters,
    string? Error)
{
    public static EntityCopy Unreachable(string service, bool isOwner, string error) =>
        new(service, isOwner, null, null, [], [], [], error);
}
