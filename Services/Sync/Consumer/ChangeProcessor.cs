using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// Decides and applies one delivery. In one transaction: claim the message id in the inbox (taken
/// already: a duplicate, skip), apply the handler, record the outcome, commit. Unknown types are
/// acknowledged and counted; malformed or refused events are dead-lettered with the reason;
/// transient failures wait and retry without limit (and without touching the broker's delivery
/// count); a handler that keeps failing otherwise is dead-lettered after a few attempts. What this
/// service published itself comes back through the fanout and is skipped; what the same service
/// published in the other cluster (<c>fd-origin-cluster</c>) keeps the copies of entities homed there.
/// </summary>
public sealed partial class ChangeProcessor<TDb>(
    IServiceProvider services,
    SyncBuilder registrations,
    SyncOptions options,
    SyncStatus status,
    TimeProvider time,
    ILogger<ChangeProcessor<TDb>> logger)
    where TDb : SyncDbContext
{
    const int MaxConflictRetries = 20;

    public async Task<DeliveryVerdict> ProcessAsync(ChangeDelivery delivery, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(delivery.MessageId) || string.IsNullOrWhiteSpace(delivery.Type))
        {
            return DeliveryVerdict.DeadLetter("The message has no message_id or no type property.");
        }
        var origin = string.IsNullOrEmpty(delivery.OriginCluster) ? options.Cluster : delivery.OriginCluster;
        var fromThisCluster = origin == options.Cluster;
        Subscription? subscription;
        if (delivery.SourceService == options.ServiceName)
        {
            if (fromThisCluster)
            {
                return DeliveryVerdict.Ack(ChangeOutcome.Own);
            }
            // The same service in the entity's home cluster wrote it: keep the read-only copy.
            registrations.HomeCopies.TryGetValue(delivery.Type, out subscription);
        }
        else
        {
            registrations.Subscriptions.TryGetValue(delivery.Type, out subscription);
        }
        if (subscription is null)
        {
            return DeliveryVerdict.Ack(ChangeOutcome.Unknown);
        }

        IChangeEvent change;
        try
        {
            change = subscription.Read(delivery.Body);
        }
        catch (JsonException ex)
        {
            // The exception names the JSON path and position, never the values.
            return DeliveryVerdict.DeadLetter($"The body is not a valid {delivery.Type}: {ex.Message}");
        }
        if (change.Id == Guid.Empty || change.Version < 1)
        {
            return DeliveryVerdict.DeadLetter($"The {delivery.Type} has no aggregate id or a version below 1.");
        }
        if (ChangeInvariants.Check(change) is { } breach)
        {
            return DeliveryVerdict.DeadLetter(breach);
        }

        var retry = new RetryDelay(options.MaxRetryDelay);
        var conflicts = 0;
        for (var failures = 1; ; failures++)
        {
            try
            {
                var outcome = await ApplyOnceAsync(delivery, subscription, change, origin, ct);
                status.PausedBecause = null;
                return DeliveryVerdict.Ack(outcome);
            }
            catch (ChangeRejectedException ex)
            {
                return DeliveryVerdict.DeadLetter($"{delivery.Type} refused by the handler: {ex.Message}");
            }
            catch (DbUpdateConcurrencyException) when (++conflicts <= MaxConflictRetries && !ct.IsCancellationRequested)
            {
                // A reaction lost a race for a row another apply or request changed: the next attempt
                // reads it afresh. Not a handler failure, so it does not count towards dead-lettering.
                failures--;
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * conflicts), ct);
            }
            catch (Exception ex) when (TransientFailure.Is(ex) && !ct.IsCancellationRequested)
            {
                // Pause this consumer (the message stays unacknowledged) until the database is back.
                status.PausedBecause = $"{ex.GetType().Name}: {ex.Message}";
                LogTransient(delivery.Type, ex.GetType().Name, ex.Message);
                failures = 0;
                await Task.Delay(retry.Next(), ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OperationCanceledException)
            {
                LogHandlerFailed(ex, delivery.Type, failures, options.HandlerAttempts);
                if (failures >= options.HandlerAttempts)
                {
                    return DeliveryVerdict.DeadLetter($"{delivery.Type} failed {failures} times in the handler: {ex.GetType().Name}: {ex.Message}");
                }
                await Task.Delay(retry.Next(), ct);
            }
        }
    }

    async Task<ChangeOutcome> ApplyOnceAsync(ChangeDelivery delivery, Subscription subscription, IChangeEvent change, string origin, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        var outcome = await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var messageId = delivery.MessageId!;
            var claimed = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO sync_inbox (message_id, type, source_service, aggregate_id, version, outcome, committed_at, applied_at)
                VALUES ({messageId}, {delivery.Type}, {delivery.SourceService ?? ""}, {change.Id}, {change.Version}, 'pending', {delivery.CommittedAt}, {time.GetUtcNow()})
                ON CONFLICT (message_id) DO NOTHING
                """, token);
            if (claimed == 0)
            {
                return ChangeOutcome.Duplicate;
            }
            var context = new ChangeContext(db, scope.ServiceProvider, messageId, delivery.SourceService ?? "", origin, delivery.CommittedAt)
            {
                FromThisCluster = origin == options.Cluster,
            };
            var applied = await subscription.ApplyAsync(change, context, token);
            var outcomeName = applied.ToMetricValue();
            await db.Database.ExecuteSqlAsync(
                $"UPDATE sync_inbox SET outcome = {outcomeName}, applied_at = {time.GetUtcNow()} WHERE message_id = {messageId}", token);
            await transaction.CommitAsync(token);
            return applied;
        }, ct);

        if (outcome == ChangeOutcome.Applied)
        {
            var appliedAt = time.GetUtcNow();
            status.LastApplied = new LastAppliedChange(delivery.Type!, change.Id, change.Version, delivery.SourceService ?? "", appliedAt,
                delivery.CommittedAt is { } committedAt ? appliedAt - committedAt : null);
        }
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a {Type} paused: the database is unreachable ({Error}: {Reason}); retrying.")]
    partial void LogTransient(string? type, string error, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Type} handler failed (attempt {Attempt} of {Attempts}).")]
    partial void LogHandlerFailed(Exception exception, string? type, int attempt, int attempts);
}
