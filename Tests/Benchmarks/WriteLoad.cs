using System.Diagnostics;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Open-loop owner writes: request i is due at i/rate seconds whether or not earlier ones have
/// answered (so a slow system is not politely given time), up to <see cref="MaxInFlight"/> at once.
/// A rate of zero writes as fast as that limit allows.
/// </summary>
public static class WriteLoad
{
    public const int MaxInFlight = OwnerWrites.MaxConnections;

    public static async Task<WriteRun> RunAsync(OwnerWrites writes, int count, double ratePerSecond, CancellationToken ct = default)
    {
        var ids = new Guid[count];
        var requestMs = new double[count];
        var failures = 0;
        string? firstFailure = null;
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var tasks = new List<Task>(count);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if (ratePerSecond > 0)
            {
                var due = TimeSpan.FromSeconds(i / ratePerSecond);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, ct);
                }
            }
            await inFlight.WaitAsync(ct);
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    ids[index] = await writes.CreateRestaurantAsync(ct);
                    requestMs[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Counted, not fatal: an overloaded system refusing writes is a finding.
                    requestMs[index] = double.NaN;
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        firstFailure = $"{ex.GetType().Name}: {ex.Message}";
                    }
                }
                finally
                {
                    inFlight.Release();
                }
            }, ct));
        }
        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        return new WriteRun(
            ids.Where(id => id != Guid.Empty).ToArray(),
            requestMs.Where(ms => !double.IsNaN(ms)).ToArray(),
            failures, firstFailure, seconds, startedAt, DateTimeOffset.UtcNow);
    }
}
