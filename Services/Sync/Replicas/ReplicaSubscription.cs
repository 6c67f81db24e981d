using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;

namespace FoodDelivery.Sync.Replicas;

/// <summary>Applies an event by upserting its replica row under the version guard.</summary>
public sealed class ReplicaSubscription<TEvent, TReplica>(Func<TEvent, TReplica> map) : Subscription, IReplicaSubscription
    where TEvent : class, IChangeEvent
    where TReplica : class, IReplica
{
    public override string EventType { get; } = ChangeEventTypes.NameOf<TEvent>();

    public override IChangeEvent Read(ReadOnlySpan<byte> body) =>
        JsonSerializer.Deserialize(body, ChangeEventTypes.JsonTypeInfo<TEvent>()) ?? throw new JsonException("The body is null.");

    public ReplicaComparison Comparison { get; } = new ReplicaComparison<TEvent, TReplica>(map);

    public override async Task<ChangeOutcome> ApplyAsync(IChangeEvent change, ChangeContext context, CancellationToken ct) =>
        await ReplicaUpsert.ApplyAsync(context.Db, map((TEvent)change), ct) ? ChangeOutcome.Applied : ChangeOutcome.Stale;
}
