using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Consumer;

/// <summary>How this service applies one event type: read its JSON, then apply it inside the delivery's transaction.</summary>
internal abstract class Subscription
{
    public abstract string EventType { get; }

    /// <summary>Reads the body; throws <see cref="System.Text.Json.JsonException"/> when it does not fit the contract.</summary>
    public abstract IChangeEvent Read(ReadOnlySpan<byte> body);

    public abstract Task<ChangeOutcome> ApplyAsync(IChangeEvent change, ChangeContext context, CancellationToken ct);

    /// <summary>
    /// Whether deliveries of this type may be applied in a run that shares one transaction. Only for writes
    /// whose row locks are taken in the run's (type, id) order: a reaction that also locks other rows (a
    /// courier, a payment) could make two concurrent runs wait on each other, so those apply one by one.
    /// </summary>
    public virtual bool AppliesInRuns => false;

    /// <summary>
    /// Applies a run of events of this type, in order, inside one transaction (each with its own context, all
    /// sharing one DbContext); the outcomes in the same order. One by one unless a subscription can do better.
    /// </summary>
    public virtual async Task<ChangeOutcome[]> ApplyAllAsync(IReadOnlyList<(IChangeEvent Change, ChangeContext Context)> run, CancellationToken ct)
    {
        var outcomes = new ChangeOutcome[run.Count];
        for (var index = 0; index < run.Count; index++)
        {
            outcomes[index] = await ApplyAsync(run[index].Change, run[index].Context, ct);
        }
        return outcomes;
    }
}
