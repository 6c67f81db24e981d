using System.Diagnostics;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Open-loop owner writes: request i is due at its arrival time (<see cref="Arrivals"/>: evenly spaced, or
/// Poisson) whether or not earlier ones have answered (so a slow system is not politely given time), up to
/// <see cref="MaxInFlight"/> at once. Each request's time counts from when it was due, so a request held back
/// by a full window or a late timer is charged for the wait (no coordinated omission). A rate of zero writes
/// as fast as that limit allows, each timed from when it was sent.
/// </summary>
public static class WriteLoad
{
    public const int MaxInFlight = OwnerWrites.MaxConnections;

    public static async Task<WriteRun> RunAsync(OwnerWrites writes, int count, double ratePerSecond, Arrivals? arrivals = null, CancellationToken ct = default)
    {
        var ids = new Guid[count];
        var requestMs = new double[count];
        var failures = 0;
        string? firstFailure = null;
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var tasks = new List<Task>(count);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        var dueTimes = ratePerSecond > 0 ? (arrivals ?? Arrivals.Uniform).DueTimes(count, ratePerSecond) : null;
        for (var i = 0; i < count; i++)
        {
            var dueAt = Stopwatch.GetTimestamp();
            if (dueTimes is not null)
            {
                var due = dueTimes[i];
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, ct);
                }
                dueAt = started + (long)(due.TotalSeconds * Stopwatch.Frequency);
            }
            await inFlight.WaitAsync(ct);
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var sent = dueAt;
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
