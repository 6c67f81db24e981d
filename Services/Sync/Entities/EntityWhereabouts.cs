namespace FoodDelivery.Sync.Entities;

/// <summary>
/// The answer to "where is this entity?": its owner's copy and every consumer's, so an operator sees
/// which version each service holds and where a version stopped. The outbox keeps sent rows and the inbox
/// keeps handled ones only for their retention (<c>Sync:OutboxRetention</c>, <c>Sync:InboxRetention</c>).
/// </summary>
internal sealed record EntityWhereabouts(string EventType, Guid Id, string Owner, IReadOnlyList<EntityCopy> Copies, DateTimeOffset AskedAt)
{
    /// <summary>The services that could not be asked (their copies say why): when not empty, the answer is partial.</summary>
    public IReadOnlyList<string> Unreachable => [.. Copies.Where(copy => copy.Error is not null).Select(copy => copy.Service)];

    /// <summary>Every service holds the owner's version (or the owner holds nothing either).</summary>
    public bool Converged =>
        Copies.FirstOrDefault(copy => copy.IsOwner) is { Error: null } owner
        && Copies.All(copy => copy.Error is null && copy.HeldVersion == owner.HeldVersion);
}
