using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// Applies an event by upserting its replica row under the version guard, then, when the row took
/// the event's version, runs the optional reaction in the same transaction, if the event's owner
/// is in this cluster (the other cluster's owner reacts there).
/// </summary>
internal sealed class ReplicaSubscription<TEvent, TReplica>(
    Func<TEvent, TReplica> map,
    Func<IServiceProvider, IChangeHandler<TEvent>>? reaction = null) : EventSubscription<TEvent>, IReplicaSubscription, IReplicaCopy
    where TEvent : class, IChangeEvent
    where TReplica : class, IReplica
{
    public Func<TEvent, TReplica> Map { get; } = map;

    public ReplicaComparison Comparison { get; } = new ReplicaComparison<TEvent, TReplica>(map);

    public ReplicaRebuild Rebuild { get; } = new ReplicaRebuild<TEvent, TReplica>(map, reaction);

    public Type ReplicaType => typeof(TReplica);

    public bool CopiesOnly => reaction is null;

    public IReplica RowOf(IChangeEvent change) => Map((TEvent)change);

    public override async Task<ChangeOutcome> ApplyAsync(IChangeEvent change, ChangeContext context, CancellationToken ct)
    {
        var typed = (TEvent)change;
        if (!await ReplicaUpsert.ApplyAsync(Map(typed), EventType, context, ct))
        {
            return ChangeOutcome.Stale;
        }
        if (reaction is not null && context.FromThisCluster)
        {
            await reaction(context.Services).HandleAsync(typed, context, ct);
        }
        return ChangeOutcome.Applied;
    }

    /// <summary>A plain replica (no reaction) writes only its own rows, one upsert each.</summary>
    public override bool AppliesInRuns => reaction is null;

    /// <summary>Without a reaction to run between rows, the whole run's upserts go to the database as one batch.</summary>
    public override async Task<ChangeOutcome[]> ApplyAllAsync(IReadOnlyList<(IChangeEvent Change, ChangeContext Context)> run, CancellationToken ct)
    {
        if (reaction is not null)
        {
            return await base.ApplyAllAsync(run, ct);
        }
        var written = await ReplicaUpsert.ApplyAllAsync(run.Select(item => (Map((TEvent)item.Change), item.Context)).ToList(), EventType, ct);
        return written.Select(row => row ? ChangeOutcome.Applied : ChangeOutcome.Stale).ToArray();
    }
}
