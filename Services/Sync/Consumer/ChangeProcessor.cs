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
/// count); a handler that keeps failing otherwise is dead-lettered after a few attempts. An event
/// is believed only from the owner whose exchange it arrived through (<see cref="PublisherProvenance"/>);
/// anything else is dead-lettered as <c>unauthorised-publisher</c>. The same service's events from the
/// peer cluster (through the federation link's exchange) keep the copies of entities homed there.
/// </summary>
public sealed partial class ChangeProcessor<TDb>(
    IServiceProvider services,
    SyncBuilder registrations,
    PublisherProvenance provenances,
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
                var outcome = await ApplyOnceAsync(delivery, subscription, change, provenance, ct);
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

    /// <summary>
    /// Why the delivery must not be applied, or null with its provenance: it came through an exchange no owner
    /// publishes to, through another owner's exchange than its type's, or it claims another publisher or cluster
    /// than the exchange says (a sender that lies about itself is not believed on anything else).
    /// </summary>
    string? Unauthorised(ChangeDelivery delivery, out Provenance provenance)
    {
        provenance = null!;
        var arrival = provenances.FirstArrival(delivery.Exchange, delivery.ReceivedFrom);
        if (provenances.Of(delivery.Exchange, delivery.ReceivedFrom) is not { } found)
        {
            return $"{delivery.Type} arrived through '{arrival ?? delivery.Exchange}', which is no owner's exchange.";
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

    async Task<ChangeOutcome> ApplyOnceAsync(ChangeDelivery delivery, Subscription subscription, IChangeEvent change, Provenance provenance, CancellationToken ct)
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
                VALUES ({messageId}, {delivery.Type}, {provenance.Owner}, {change.Id}, {change.Version}, 'pending', {delivery.CommittedAt}, {time.GetUtcNow()})
                ON CONFLICT (message_id) DO NOTHING
                """, token);
            if (claimed == 0)
            {
                return ChangeOutcome.Duplicate;
            }
            var context = new ChangeContext(db, scope.ServiceProvider, messageId, provenance.Owner, provenance.Cluster, delivery.CommittedAt)
            {
                FromThisCluster = provenance.Cluster == options.Cluster,
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
            status.LastApplied = new LastAppliedChange(delivery.Type!, change.Id, change.Version, provenance.Owner, appliedAt,
                delivery.CommittedAt is { } committedAt ? appliedAt - committedAt : null);
        }
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a {Type} paused: the database is unreachable ({Error}: {Reason}); retrying.")]
    partial void LogTransient(string? type, string error, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Type} handler failed (attempt {Attempt} of {Attempts}).")]
    partial void LogHandlerFailed(Exception exception, string? type, int attempt, int attempts);
}
