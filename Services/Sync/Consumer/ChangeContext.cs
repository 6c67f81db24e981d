using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// What a handler gets besides the event: the service's DbContext inside the delivery's
/// transaction, the delivery's service scope, and where the event came from.
/// </summary>
public sealed record ChangeContext(
    DbContext Db, IServiceProvider Services, string MessageId, string SourceService, string OriginCluster, DateTimeOffset? CommittedAt)
{
    /// <summary>
    /// Whether the event's owner is in this service's cluster. Reactions run only then: each
    /// cluster reacts to its own entities, so two clusters never both charge one order.
    /// </summary>
    public bool FromThisCluster { get; init; } = true;
}
