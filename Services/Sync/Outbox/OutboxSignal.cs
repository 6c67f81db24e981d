using System.Threading.Channels;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// Wakes the relay right after a commit that wrote outbox rows, so publishing does not wait for
/// the next poll. Many notifications before the relay looks collapse into one.
/// </summary>
internal sealed class OutboxSignal
{
    readonly Channel<bool> wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => wakeUps.Writer.TryWrite(true);

    /// <summary>Waits for a notification or the timeout, whichever comes first: true for a notification.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => WaitAsync(timeout, orUntil: null, ct);

    /// <summary>
    /// Waits for a notification, the timeout or <paramref name="orUntil"/>, whichever comes first: true for a
    /// notification. When <paramref name="orUntil"/> completes first, a notification that arrives meanwhile is
    /// kept for the next wait.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, Task? orUntil, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        var wakeUp = wakeUps.Reader.WaitToReadAsync(timer.Token).AsTask();
        if (orUntil is not null && await Task.WhenAny(wakeUp, orUntil) == orUntil)
        {
            // Only cancelled from here on: nothing to observe.
            await timer.CancelAsync();
            return false;
        }
        try
        {
            await wakeUp;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The poll interval passed.
            return false;
        }
        return wakeUps.Reader.TryRead(out _);
    }
}
