using System.Diagnostics;
using System.Text.Json;
using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// On every SaveChanges, stamps the versions of owned entities (<see cref="OwnedEntityVersioning"/>)
/// and then writes each one's change event into the outbox, inside the same SaveChanges (and so the
/// same transaction) as the change itself: the event exists if and only if the change committed,
/// and it carries the new version. The current trace context is stored with the row so the publish
/// joins the request's trace. New entities are homed in this cluster, and a write to one homed in
/// another cluster is refused (<see cref="HomeClusterGuard"/>).
/// </summary>
internal sealed class OutboxWriter(IReadOnlyDictionary<Type, Publication> publications, OutboxCommits commits, string cluster, TimeProvider time)
    : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        commits.SaveEnded(eventData.Context, saved: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        commits.SaveEnded(eventData.Context, saved: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => commits.SaveEnded(eventData.Context, saved: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        commits.SaveEnded(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => commits.SaveEnded(eventData.Context, saved: false);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        commits.SaveEnded(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    void Capture(DbContext? context)
    {
        var writes = (context as SyncDbContext)?.OwnedWrites ?? OwnedWrites.Local;
        if (context is null || writes == OwnedWrites.HomeCopy)
        {
            // A home copy is the home cluster's version as it is: stamped and published there.
            return;
        }
        if (writes == OwnedWrites.Local)
        {
            OwnedEntityVersioning.Stamp(context);
            HomeClusterGuard.Check(context, cluster);
        }
        else
        {
            context.ChangeTracker.DetectChanges();
        }
        var changed = context.ChangeTracker.Entries<IOwnedEntity>()
            .Where(entry => entry.State is EntityState.Added or EntityState.Modified)
            .Select(entry => entry.Entity)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var committedAt = time.GetUtcNow();
        var activity = Activity.Current;
        foreach (var entity in changed)
        {
            if (!publications.TryGetValue(entity.GetType(), out var publication))
            {
                throw new InvalidOperationException(
                    $"{entity.GetType().Name} is an owned entity without a change event: register it with Publishes<{entity.GetType().Name}, TEvent>().");
            }
            context.Add(Message(publication, entity, committedAt, activity));
        }
        commits.RowsAdded(context);
    }

    /// <summary>The outbox row that publishes <paramref name="entity"/>'s current state.</summary>
    public static OutboxMessage Message(Publication publication, IOwnedEntity entity, DateTimeOffset committedAt, Activity? activity) => new()
    {
        MessageId = Guid.CreateVersion7(committedAt),
        Type = publication.EventType,
        AggregateId = entity.Id,
        Version = entity.Version,
        Payload = JsonSerializer.Serialize(publication.ToEvent(entity), publication.JsonTypeInfo),
        TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
        TraceState = activity?.TraceStateString,
        CommittedAt = committedAt,
    };
}
