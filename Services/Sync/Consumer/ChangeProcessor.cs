using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Inbox;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Replicas;
using FoodDelivery.Sync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// Applies what <see cref="ChangeScreening"/> accepted. In one transaction: claim the message id in the inbox, as its
/// publisher's (taken already: a duplicate, skip; taken for another change: dead-lettered as a conflict), apply the
/// handler, record the outcome, commit; a run of deliveries that arrived together shares one transaction
/// (<see cref="ProcessAllAsync"/>). Failures of the infrastructure never dead-letter (<see cref="FailureClassification"/>):
/// a database that takes no writes pauses the applier with back-off (without touching the broker's delivery count),
/// contention on one entity parks that delivery so the others go on; a handler that keeps failing otherwise is
/// dead-lettered after a few attempts.
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

    readonly ChangeScreening screening = new(registrations, provenances, options);

    public async Task<DeliveryVerdict> ProcessAsync(ChangeDelivery delivery, CancellationToken ct)
    {
        if (screening.Screen(delivery, out var accepted) is { } verdict)
        {
            return verdict;
        }
        return (await TryInOneStatementAsync([accepted!], ct))?[0] ?? await ApplyWithRetriesAsync(accepted!, ct);
    }

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
            if (screening.Screen(deliveries[index], out var accepted) is { } verdict)
            {
                verdicts[index] = verdict;
            }
            else
            {
                run.Add((index, accepted!));
            }
        }
        if (await TryInOneStatementAsync(run.Select(item => item.Change).ToList(), ct) is { } decided)
        {
            for (var position = 0; position < run.Count; position++)
            {
                if (decided[position] is { } verdict)
                {
                    verdicts[run[position].Index] = verdict;
                }
            }
            run = run.Where((_, position) => decided[position] is null).ToList();
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

    /// <summary>
    /// Applies the run's plain-replica deliveries in one round trip without an explicit transaction
    /// (<see cref="ReplicaRunStatement"/>); per delivery its verdict, or null for the transaction path to decide (all
    /// null when the statement failed: it wrote nothing, and the transaction path judges the failure).
    /// </summary>
    async Task<DeliveryVerdict?[]?> TryInOneStatementAsync(IReadOnlyList<AcceptedChange> run, CancellationToken ct)
    {
        var groups = ReplicaRunStatement.Groups(run);
        if (groups.Count == 0)
        {
            return null;
        }
        try
        {
            await using var scope = services.CreateAsyncScope();
            var verdicts = await ReplicaRunStatement.ApplyAsync(scope.ServiceProvider.GetRequiredService<TDb>(), run, groups, options.Cluster, time.GetUtcNow(), ct);
            status.PausedBecause = null;
            for (var position = 0; position < run.Count; position++)
            {
                if (verdicts[position] is { Outcome: ChangeOutcome.Applied, DeadLetterReason: null })
                {
                    Applied(run[position], ChangeOutcome.Applied);
                }
            }
            return verdicts;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException)
        {
            LogStatementFellBack(run.Count, ex.GetType().Name, Innermost(ex).Message);
            return null;
        }
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
        catch (Exception contention) when (contention is not DbUpdateConcurrencyException && FailureClassification.Of(contention) == FailureScope.Entity)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} deliveries in one statement failed ({Error}: {Reason}); applying them in a transaction.")]
    partial void LogStatementFellBack(int count, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} deliveries together failed ({Error}: {Reason}); applying them one by one.")]
    partial void LogRunFellBack(int count, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a {Type} paused: the database takes no writes ({Error}: {Reason}); retrying.")]
    partial void LogTransient(string? type, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked {Type} {EntityId}: its entity is contended ({Error}: {Reason}); the others go on, it is tried again later.")]
    partial void LogParked(string? type, Guid entityId, string error, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Type} handler failed (attempt {Attempt} of {Attempts}).")]
    partial void LogHandlerFailed(Exception exception, string? type, int attempt, int attempts);
}
