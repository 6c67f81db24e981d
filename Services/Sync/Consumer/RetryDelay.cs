namespace FoodDelivery.Sync.Consumer;

/// <summary>Exponential back-off with jitter, capped: 100 ms, 200 ms, 400 ms... up to the maximum.</summary>
internal sealed class RetryDelay(TimeSpan maximum)
{
    static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    TimeSpan next = First;

    public TimeSpan Next()
    {
        var current = next;
        next = TimeSpan.FromTicks(Math.Min(maximum.Ticks, next.Ticks * 2));
        // Jitter keeps seven services from retrying in lockstep after a shared outage.
        return current * (0.75 + Random.Shared.NextDouble() * 0.5);
    }

    public void Reset() => next = First;
}
