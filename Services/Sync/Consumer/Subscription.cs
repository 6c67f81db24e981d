using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Consumer;

/// <summary>How this service applies one event type: read its JSON, then apply it inside the delivery's transaction.</summary>
public abstract class Subscription
{
    public abstract string EventType { get; }

    /// <summary>Reads the body; throws <see cref="System.Text.Json.JsonException"/> when it does not fit the contract.</summary>
    public abstract IChangeEvent Read(ReadOnlySpan<byte> body);

    public abstract Task<ChangeOutcome> ApplyAsync(IChangeEvent change, ChangeContext context, CancellationToken ct);
}
