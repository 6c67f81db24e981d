namespace FoodDelivery.SystemTests;

/// <summary>Reads an exported metric once it has settled: the services export every second, and a baseline taken mid-export moves.</summary>
public static class SteadyTotal
{
    /// <summary>A value that has stopped changing for a few export intervals.</summary>
    public static async Task<double> ReadAsync(Func<double> read)
    {
        var last = read();
        for (var quiet = 0; quiet < 3;)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            var now = read();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return last;
    }
}
