using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// What a handler gets besides the event: the service's DbContext inside the delivery's
/// transaction, and the delivery's service scope.
/// </summary>
public sealed record ChangeContext(DbContext Db, IServiceProvider Services, string MessageId, string SourceService, DateTimeOffset? CommittedAt);
