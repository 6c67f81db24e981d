namespace FoodDelivery.SystemTests;

/// <summary>
/// Retries an assertion until it passes or the deadline comes, then fails with the last failure.
/// Replication is asynchronous: tests wait for an outcome, never for a fixed time.
/// </summary>
public static class Eventually
{
    static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);
    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    public static async Task AssertAsync(Func<Task> assertion, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? DefaultDeadline);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Pause);
            }
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? DefaultDeadline);
        while (true)
        {
            var value = await read();
            if (until(value))
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Still {value} after {(within ?? DefaultDeadline).TotalSeconds} s.");
            await Task.Delay(Pause);
        }
    }
}
