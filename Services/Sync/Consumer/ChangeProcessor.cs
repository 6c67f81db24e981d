using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Inbox;
using FoodDelivery.Sync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// Decides and applies deliveries. In one transaction: claim the message id in the inbox, as its
/// publisher's (taken already: a duplicate, skip; taken for another change: dead-lettered as a
/// conflict), apply the handler, record the outcome, commit; a run of deliveries
/// that arrived together shares one transaction (<see cref="ProcessAllAsync"/>). Unknown types are
/// acknowledged and counted; malformed or refused events are dead-lettered with the reason;
/// failures of the infrastructure never dead-letter (<see cref="FailureClassification"/>): a database that takes no
/// writes pauses the applier with back-off (without touching the broker's delivery count), contention on one entity
/// parks that delivery so the others go on; a handler that keeps failing otherwise is dead-lettered after a few attempts. An event
/// is believed only from the owner whose exchange it arrived through (<see cref="PublisherProvenance"/>);
/// anything else is dead-lettered as <c>unauthorised-publisher</c>. The same service's events from the
/// peer cluster (through the federation link's exchange) keep the copies of entities homed there.
/// </summary>
internal sealed partial class ChangeProcessor<TDb>(
    IServiceProvider services,
    SyncRegistrations registrations,
    PublisherProvenance provenances,
    SyncOptions options,
    SyncStatus status,
    TimeProvider time,
    ILogger<ChangeProcessor<TDb>> logger)
    where TDb : SyncDbContext
{
    const int MaxConflictRetries = 20;

    public async Task<DeliveryVerdict> ProcessAsync(ChangeDelivery delivery, CancellationToken ct) =>
        Screen(delivery, out var accepted) ?? await ApplyWithRetriesAsync(accepted!, ct);

    /// <summary>
    /// Decides and applies a run of deliveries; the verdicts in the same order. Those that pass the checks are
    /// applied together in one transaction (one inbox claim, one batch per event type, one outcome update, one
    /// commit). If anything in it fails (a refused or failing handler, a lost race, the database), the
    /// transaction rolls back and each delivery goes through <see cref="ProcessAsync"/>'s own path, so a poison
    /// message is isolated and dead-lettered alone and a failed reaction loses none of the others.
    /// </summary>
    public async Task<DeliveryVerdict[]> ProcessAllAsync(IReadOnlyList<ChangeDelivery> deliveries, CancellationToken ct)
    {
        var verdicts = new DeliveryVerdict[deliveries.Count];
        var run = new List<(int Index, AcceptedChange Change)>(deliveries.Count);
        for (var index = 0; index < deliveries.Count; index++)
        {
            if (Screen(deliveries[index], out var accepted) is { } verdict)
            {
                verdicts[index] = verdict;
            }
            else
            {
                run.Add((index, accepted!));
            }
        }
        var alone = run.Where(item => !item.Change.Subscription.AppliesInRuns).ToList();
        run.RemoveAll(item => !item.Change.Subscription.AppliesInRuns);
        if (run.Count > 1 && await TryApplyTogetherAsync(run.Select(item => item.Change).ToList(), ct) is { } outcomes)
        {
            status.PausedBecause = null;
            for (var position = 0; position < run.Count; position++)
            {
                verdicts[run[position].Index] = DeliveryVerdict.Ack(outcomes[position]);
            }
            run.Clear();
        }
        var remaining = run.Concat(alone).ToList();
        foreach (var (index, change) in RunOrder.OneByOne(remaining, item => KeyOf(item.Change)).Select(position => remaining[position]))
        {
            verdicts[index] = await ApplyWithRetriesAsync(change, ct);
        }
        return verdicts;
    }

    /// <summary>The verdict for a delivery that must not reach the database, or null with what to apply.</summary>
    DeliveryVerdict? Screen(ChangeDelivery delivery, out AcceptedChange? accepted)
    {
        accepted = null;
        // A delivery with no message id or type is malformed too, so past this both are there.
        if (delivery.Malformed is { } malformed)
        {
            return DeliveryVerdict.DeadLetter(malformed);
        }
        if (Unauthorised(delivery, out var provenance) is { } refusal)
        {
            return DeliveryVerdict.Unauthorised(refusal);
        }
        var origin = provenance.Cluster;
        Subscription? subscription;
        if (provenance.Owner == options.ServiceName)
        {
            // Only the peer exchange brings this service's own type (its own exchange is not bound to its
            // queue): the same service in the entity's home cluster wrote it; keep the read-only copy.
            if (origin == options.Cluster)
            {
                return DeliveryVerdict.Ack(ChangeOutcome.Own);
            }
            registrations.HomeCopies.TryGetValue(delivery.Type!, out subscription);
        }
        else
        {
            registrations.Subscriptions.TryGetValue(delivery.Type!, out subscription);
        }
        if (subscription is null)
        {
            return DeliveryVerdict.Ack(ChangeOutcome.Unknown);
        }

        IChangeEvent change;
        try
        {
            change = subscription.Read(delivery.Body);
            if (change.Id == Guid.Empty || change.Version < 1)
            {
                return DeliveryVerdict.DeadLetter($"The {delivery.Type} has no aggregate id or a version below 1.");
            }
            if (ChangeInvariants.Check(change) is { } breach)
            {
                return DeliveryVerdict.DeadLetter(breach);
            }
        }
        catch (JsonException ex)
        {
            // The exception names the JSON path and position, never the values.
            return DeliveryVerdict.DeadLetter($"The body is not a valid {delivery.Type}: {ex.Message}");
        }
        catch (Exception ex)
        {
            // A body that fits the JSON but not what the contract's checks assume (a missing list, say): refused, never thrown.
            return DeliveryVerdict.DeadLetter($"The body is not a valid {delivery.Type}: its invariants could not be checked ({ex.GetType().Name}).");
        }
        accepted = new AcceptedChange(delivery, subscription, change, provenance);
        return null;
    }

    async Task<DeliveryVerdict> ApplyWithRetriesAsync(AcceptedChange accepted, CancellationToken ct)
    {
        var delivery = accepted.Delivery;
        var retry = new RetryDelay(options.MaxRetryDelay);
        var conflicts = 0;
        var handlerFailures = 0;
        while (true)
        {
            try
            {
                var outcome = await ApplyOnceAsync(accepted, ct);
                status.PausedBecause = null;
                return DeliveryVerdict.Ack(outcome);
            }
            catch (ChangeRejectedException ex)
            {
                return DeliveryVerdict.DeadLetter($"{delivery.Type} refused by the handler: {ex.Message}");
            }
            catch (MessageIdConflictException ex)
            {
                return DeliveryVerdict.DeadLetter(ex.Message);
            }
            catch (DbUpdateConcurrencyException) when (conflicts < MaxConflictRetries && !ct.IsCancellationRequested)
            {
                // A reaction lost a race for a row another apply or request changed: the next attempt
                // reads it afresh. Not a handler failure, so it does not count towards dead-lettering.
                conflicts++;
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * conflicts), ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException
                                       && FailureClassification.Of(ex) == FailureScope.Entity)
            {
                // A lock not granted in time, a deadlock, a statement timeout or a race lost again and again: this entity
                // waits (parked by the consumer, unacknowledged) while this applier goes on with the others.
                var reason = $"{delivery.Type} {accepted.Change.Id} parked: {ex.GetType().Name}: {Innermost(ex).Message}";
                status.PausedBecause = reason;
                LogParked(delivery.Type, accepted.Change.Id, ex.GetType().Name, Innermost(ex).Message);
                return DeliveryVerdict.Park(reason);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException
                                       && FailureClassification.Of(ex) == FailureScope.Database)
            {
                // Pause this consumer (the message stays unacknowledged) until the database takes writes again; what
                // failed before the outage is judged afresh after it.
                status.PausedBecause = $"{ex.GetType().Name}: {Innermost(ex).Message}";
                LogTransient(delivery.Type, ex.GetType().Name, Innermost(ex).Message);
                handlerFailures = 0;
                await Task.Delay(retry.Next(), ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException)
            {
                handlerFailures++;
                LogHandlerFailed(ex, delivery.Type, handlerFailures, options.HandlerAttempts);
                if (handlerFailures >= options.HandlerAttempts)
                {
                    return DeliveryVerdict.DeadLetter($"{delivery.Type} failed {handlerFailures} times in the handler: {ex.GetType().Name}: {ex.Message}");
                }
                await Task.Delay(retry.Next(), ct);
            }
        }
    }

    /// <summary>EF's wrappers say "see the inner exception": the server's own words are the useful reason.</summary>
    static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }
        return exception;
    }

    /// <summary>
    /// Why the delivery must not be applied, or null with its provenance: it came through an exchange no owner
    /// publishes to, through another owner's exchange than its type's, or it claims another publisher or cluster
    /// than the exchange says (a sender that lies about itself is not believed on anything else).
    /// </summary>
    string? Unauthorised(ChangeDelivery delivery, out Provenance provenance)
    {
        provenance = null!;
        var arrival = provenances.FirstArrival(delivery.Exchange, delivery.ReceivedFrom);
        if (string.IsNullOrEmpty(arrival) && arrival != delivery.Exchange)
        {
            return $"{delivery.Type} came back from the dead letters with no record of the exchange it first arrived through "
                   + "(the broker dead-lettered it, and before RabbitMQ 4.0 its x-death can be the publisher's): resync its owner instead.";
        }
        if (provenances.Of(delivery.Exchange, delivery.ReceivedFrom) is not { } found)
        {
            return $"{delivery.Type} arrived through '{arrival}', which is no owner's exchange.";
        }
        provenance = found;
        var owner = ServiceCatalogue.OwnerOf(delivery.Type!);
        if (owner is not null && owner != found.Owner)
        {
            return $"{delivery.Type} is owned by {owner}, but arrived through {arrival}, which only {found.Owner} writes.";
        }
        if (!string.IsNullOrEmpty(delivery.ClaimedPublisher) && delivery.ClaimedPublisher != found.Owner)
        {
            return $"{delivery.Type} claims app_id {delivery.ClaimedPublisher}, but arrived through {arrival}, which only {found.Owner} writes.";
        }
        if (!string.IsNullOrEmpty(delivery.ClaimedCluster) && delivery.ClaimedCluster != found.Cluster)
        {
            return $"{delivery.Type} claims cluster {delivery.ClaimedCluster}, but arrived through {arrival}, which carries cluster {found.Cluster}'s events.";
        }
        return null;
    }

    async Task<ChangeOutcome> ApplyOnceAsync(AcceptedChange accepted, CancellationToken ct)
    {
        var (_, subscription, change, _) = accepted;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        var outcome = await strategy.ExecuteAsync(token => Unretried(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            if (!(await InboxRun.ClaimAsync(db, [accepted], time.GetUtcNow(), token))[0])
            {
                return ChangeOutcome.Duplicate;
            }
            var applied = await subscription.ApplyAsync(change, ContextOf(accepted, db, scope.ServiceProvider), token);
            await InboxRun.RecordOutcomesAsync(db, [(accepted, applied.RecordedName())], time.GetUtcNow(), token);
            await transaction.CommitAsync(token);
            return applied;
        }), ct);
        Applied(accepted, outcome);
        return outcome;
    }

    /// <summary>
    /// The run in one transaction, or null when anything in it failed (rolled back: the caller applies each
    /// delivery on its own). Rows are written in <see cref="RunOrder"/>: (type, id), then each entity's versions in
    /// (epoch, write) order.
    /// </summary>
    async Task<ChangeOutcome[]?> TryApplyTogetherAsync(List<AcceptedChange> run, CancellationToken ct)
    {
        var ordered = RunOrder.Of(run, KeyOf).Select(position => (change: run[position], position)).ToList();
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDb>();
            var outcomes = await db.Database.CreateExecutionStrategy().ExecuteAsync(token => Unretried(async () =>
            {
                db.ChangeTracker.Clear();
                var result = new ChangeOutcome[run.Count];
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                // A conflict (a message id reused for another change) throws: the run falls back, and it is dead-lettered alone.
                var claimed = await InboxRun.ClaimAsync(db, run, time.GetUtcNow(), token);
                var recorded = new List<(AcceptedChange Change, string Outcome)>(run.Count);
                var fresh = new List<(AcceptedChange change, int position)>(run.Count);
                foreach (var item in ordered)
                {
                    if (claimed[item.position])
                    {
                        fresh.Add(item);
                    }
                    else
                    {
                        result[item.position] = ChangeOutcome.Duplicate;
                    }
                }
                foreach (var group in fresh.GroupBy(item => item.change.Subscription))
                {
                    var items = group.ToList();
                    var applied = await group.Key.ApplyAllAsync(
                        items.Select(item => (item.change.Change, ContextOf(item.change, db, scope.ServiceProvider))).ToList(), token);
                    for (var index = 0; index < items.Count; index++)
                    {
                        result[items[index].position] = applied[index];
                        recorded.Add((items[index].change, applied[index].RecordedName()));
                    }
                }
                await InboxRun.RecordOutcomesAsync(db, recorded, time.GetUtcNow(), token);
                await transaction.CommitAsync(token);
                return result;
            }), ct);
            for (var position = 0; position < run.Count; position++)
            {
                Applied(run[position], outcomes[position]);
            }
            return outcomes;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException)
        {
            LogRunFellBack(run.Count, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Runs one attempt for EF's execution strategy, which retries what Npgsql calls transient (a lock timeout, a deadlock
    /// included) in place for a minute or more: contention on an entity leaves it unretried, for the consumer to park.
    /// </summary>
    static async Task<T> Unretried<T>(Func<Task<T>> attempt)
    {
        try
        {
            return await attempt();
        }
        catch (PostgresException contention) when (FailureClassification.OfSqlState(contention.SqlState) == FailureScope.Entity)
        {
            throw new EntityContendedException(contention);
        }
        catch (DbUpdateException update) when (update is not DbUpdateConcurrencyException && update.InnerException is PostgresException contention
                                               && FailureClassification.OfSqlState(contention.SqlState) == FailureScope.Entity)
        {
            throw new EntityContendedException(contention);
        }
    }

    static (string Type, Guid Id, long Version) KeyOf(AcceptedChange change) => (change.Type, change.Change.Id, change.Change.Version);

    ChangeContext ContextOf(AcceptedChange accepted, DbContext db, IServiceProvider scope) =>
        new(db, scope, accepted.MessageId, accepted.Provenance.Owner, accepted.Provenance.Cluster, accepted.Delivery.CommittedAt)
        {
            FromThisCluster = accepted.Provenance.Cluster == options.Cluster,
        };

    void Applied(AcceptedChange accepted, ChangeOutcome outcome)
    {
        if (outcome != ChangeOutcome.Applied)
        {
            return;
        }
        var appliedAt = time.GetUtcNow();
        status.LastApplied = new LastAppliedChange(accepted.Type, accepted.Change.Id, accepted.Change.Version, accepted.Provenance.Owner, appliedAt,
            accepted.Delivery.CommittedAt is { } committedAt ? appliedAt - committedAt : null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} deliveries together failed ({Error}: {Reason}); applying them one by one.")]
    partial void LogRunFellBack(int count, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a {Type} paused: the database takes no writes ({Error}: {Reason}); retrying.")]
    partial void LogTransient(string? type, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked {Type} {EntityId}: its entity is contended ({Error}: {Reason}); the others go on, it is tried again later.")]
    partial void LogParked(string? type, Guid entityId, string error, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Type} handler failed (attempt {Attempt} of {Attempts}).")]
    partial void LogHandlerFailed(Exception exception, string? type, int attempt, int attempts);
}
