using FoodDelivery.Contracts;
using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Outbox;
using FoodDelivery.Sync.OwnedEntities;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Registration;

/// <summary>
/// What a service publishes and which events it applies: the only service-specific part of the sync. The
/// service fills it in <c>AddSync</c> at start; the engine's pieces read it while they run.
/// </summary>
public sealed class SyncRegistrations
{
    readonly Dictionary<Type, Publication> publications = [];
    readonly Dictionary<string, Subscription> subscriptions = new(StringComparer.Ordinal);
    readonly Dictionary<string, Subscription> homeCopies = new(StringComparer.Ordinal);
    readonly List<EffectInvariant> invariants = [];

    internal IReadOnlyDictionary<Type, Publication> Publications => publications;

    internal IReadOnlyDictionary<string, Subscription> Subscriptions => subscriptions;

    /// <summary>
    /// Per published event type, how this service keeps the copies of its entities homed in another
    /// cluster (applies that cluster's events of the same service).
    /// </summary>
    internal IReadOnlyDictionary<string, Subscription> HomeCopies => homeCopies;

    /// <summary>Every saved change of <typeparamref name="TEntity"/> publishes <typeparamref name="TEvent"/>, through the outbox.</summary>
    public SyncRegistrations Publishes<TEntity, TEvent>(Func<TEntity, TEvent> toEvent)
        where TEntity : class, IOwnedEntity
        where TEvent : class, IChangeEvent
    {
        publications.Add(typeof(TEntity), new Publication(
            typeof(TEntity), ChangeEventTypes.NameOf<TEvent>(), entity => toEvent((TEntity)entity), ChangeEventTypes.JsonTypeInfo<TEvent>(),
            db => db.Set<TEntity>().IgnoreQueryFilters().AsNoTracking().OrderBy(entity => entity.Id).AsAsyncEnumerable()));
        homeCopies.Add(ChangeEventTypes.NameOf<TEvent>(), new HomeCopySubscription<TEntity, TEvent>());
        return this;
    }

    /// <summary>
    /// Keeps <typeparamref name="TReplica"/> rows equal to the owner's latest <typeparamref name="TEvent"/>:
    /// properties are copied by name unless <paramref name="map"/> says otherwise.
    /// </summary>
    public SyncRegistrations Replicates<TEvent, TReplica>(Func<TEvent, TReplica>? map = null)
        where TEvent : class, IChangeEvent
        where TReplica : class, IReplica
    {
        AddSubscription(new ReplicaSubscription<TEvent, TReplica>(map ?? ReplicaMapping.ByName<TEvent, TReplica>()));
        return this;
    }

    /// <summary>
    /// Keeps <typeparamref name="TReplica"/> like <see cref="Replicates{TEvent, TReplica}"/>, then, in the same
    /// transaction and only when the event was newer than the replica, runs <typeparamref name="TReaction"/>:
    /// for a service that acts on what it replicates (payments charging a placed order). The reaction
    /// sees the replica at its newest version, and the upsert's row lock keeps two reactions to the
    /// same entity from overlapping; it should decide from the replica's state, not from the event alone.
    /// </summary>
    public SyncRegistrations Replicates<TEvent, TReplica, TReaction>(Func<TEvent, TReplica>? map = null)
        where TEvent : class, IChangeEvent
        where TReplica : class, IReplica
        where TReaction : class, IChangeHandler<TEvent>
    {
        AddSubscription(new ReplicaSubscription<TEvent, TReplica>(
            map ?? ReplicaMapping.ByName<TEvent, TReplica>(),
            services => ActivatorUtilities.GetServiceOrCreateInstance<TReaction>(services)));
        return this;
    }

    /// <summary>What this service's reactions promise about its data, checked by the convergence check.</summary>
    internal IReadOnlyList<EffectInvariant> Invariants => invariants;

    /// <summary>
    /// Declares invariants a reaction keeps (usually the reaction's own <c>Invariants</c>): the convergence check
    /// runs each and reports its breaches, so a reaction that never ran shows.
    /// </summary>
    public SyncRegistrations Ensures(IEnumerable<EffectInvariant> declared)
    {
        invariants.AddRange(declared);
        return this;
    }

    void AddSubscription(Subscription subscription)
    {
        if (!subscriptions.TryAdd(subscription.EventType, subscription))
        {
            throw new InvalidOperationException($"{subscription.EventType} already has a handler in this service.");
        }
    }
}
