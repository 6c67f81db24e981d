using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Owner writes (restaurants created through the HTTP API) at a fixed rate; replication lag is
/// the engine's own timestamps: menu's inbox apply time minus restaurants' commit time.
/// </summary>
public static class ReplicationLagBenchmark
{
    const int MaxInFlight = 32;

    public static async Task<LagResult> RunAsync(BenchmarkSystem system, BenchmarkSettings settings)
    {
        using var restaurants = system.Client("restaurants");
        // Warm up connections and JIT so the first writes do not measure start-up.
        for (var i = 0; i < 20; i++)
        {
            await CreateAsync(restaurants);
        }

        var ids = new Guid[settings.Writes];
        var requestMs = new double[settings.Writes];
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var clock = Stopwatch.StartNew();
        var writes = new List<Task>(settings.Writes);
        for (var i = 0; i < settings.Writes; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / settings.RatePerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            await inFlight.WaitAsync();
            var index = i;
            writes.Add(Task.Run(async () =>
            {
                try
                {
                    var sent = Stopwatch.GetTimestamp();
                    ids[index] = await CreateAsync(restaurants);
                    requestMs[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(writes);
        var writeSeconds = clock.Elapsed.TotalSeconds;

        var lagMs = await WaitForReplicaLagAsync(system, ids);
        var publishMs = await ReadMillisecondsAsync(system, "restaurantsdb",
            "SELECT extract(epoch FROM (sent_at - committed_at)) * 1000 FROM sync_outbox WHERE aggregate_id = ANY($1)", ids);
        return new LagResult(settings.Writes, settings.RatePerSecond, settings.Writes / writeSeconds, system.ColdStart.TotalSeconds,
            Percentiles.Of(lagMs), Percentiles.Of(publishMs), Percentiles.Of(requestMs), Environment.ProcessorCount, DateTimeOffset.UtcNow);
    }

    static async Task<Guid> CreateAsync(HttpClient restaurants)
    {
        using var response = await restaurants.PostAsJsonAsync("/restaurants", new
        {
            ownerId = Guid.NewGuid(),
            name = $"Bench {Guid.NewGuid():N}",
            address = "1 Benchmark Road",
            cuisine = "Benchmark",
            isOpen = true,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    static async Task<List<double>> ReadMillisecondsAsync(BenchmarkSystem system, string database, string sql, Guid[] ids)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(ids);
        var values = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToDouble(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        return values;
    }

    static async Task<List<double>> WaitForReplicaLagAsync(BenchmarkSystem system, Guid[] ids)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var lags = await ReadMillisecondsAsync(system, "menudb",
                "SELECT extract(epoch FROM (applied_at - committed_at)) * 1000 FROM sync_inbox WHERE aggregate_id = ANY($1) AND outcome = 'applied'", ids);
            if (lags.Count >= ids.Length)
            {
                return lags;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {lags.Count} of {ids.Length} writes reached menu's replica.");
            }
            await Task.Delay(500);
        }
    }
}
