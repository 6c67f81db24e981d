using System.Collections.Concurrent;
using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>One write an owner accepted (a 2xx answer): the state the system now owes every replica.</summary>
public sealed record AcceptedWrite(string Database, string Table, string EventType, Guid Id, long? Version, bool Deleted);

/// <summary>
/// A steady stream of writes through the services' public HTTP APIs, as users would make them,
/// while a fault test breaks something. It remembers every write an owner accepted, so a test can
/// prove afterwards that none was lost: each is in its owner's table and in every replica of it.
/// Writes that fail while a service or database is down are counted, not retried: a client that
/// got no 2xx was never promised anything.
/// </summary>
/// <remarks>
/// To cover a new service or replica, add a <see cref="Write"/> to <see cref="Writes"/> (and,
/// once the APIs demand tokens, give <see cref="Clients"/> signed-in clients): the fault suite and
/// its figures pick it up.
/// </remarks>
public sealed class WriteLoad : IAsyncDisposable
{
    /// <summary>One kind of write: makes the request, returns what was accepted, or null if it was refused.</summary>
    public delegate Task<AcceptedWrite?> Write(WriteLoad load, Clients clients, CancellationToken ct);

    /// <summary>The mix, each kind with its weight.</summary>
    static readonly (int Weight, Write Write)[] Writes =
    [
        (35, CreateRestaurantAsync),
        (35, UpdateRestaurantAsync),
        (5, DeleteRestaurantAsync),
        (15, CreateMenuItemAsync),
        (10, CreateAccountAsync),
    ];

    readonly ConcurrentBag<AcceptedWrite> accepted = [];
    readonly ConcurrentDictionary<Guid, byte> restaurants = new();
    readonly CancellationTokenSource stopping = new();
    readonly Task[] writers;
    long refused;
    long failed;

    WriteLoad(RunningSystem system, int writerCount, TimeSpan pause)
    {
        writers = Enumerable.Range(0, writerCount)
            .Select(index => Task.Run(() => WriteUntilStoppedAsync(new Clients(system, index * 7919 + Environment.TickCount), pause)))
            .ToArray();
    }

    /// <summary>About ten writes a second with the defaults, spread over the services.</summary>
    public static WriteLoad Start(RunningSystem system, int writers = 2, TimeSpan? pause = null) =>
        new(system, writers, pause ?? TimeSpan.FromMilliseconds(150));

    public long Accepted => accepted.Count;

    /// <summary>Answered 4xx: a business rule said no (e.g. menu does not know the restaurant yet).</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Answered 5xx, timed out or not reachable: the fault at work.</summary>
    public long Failed => Interlocked.Read(ref failed);

    public IReadOnlyCollection<AcceptedWrite> AcceptedWrites => accepted;

    /// <summary>Waits until <paramref name="more"/> writes beyond the current count were accepted.</summary>
    public Task WaitForMoreAcceptedAsync(int more, TimeSpan? within = null)
    {
        var target = Accepted + more;
        return Eventually.ValueAsync(() => Task.FromResult(Accepted), count => count >= target, within ?? TimeSpan.FromMinutes(1));
    }

    public async Task StopAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync();
        }
        await Task.WhenAll(writers);
    }

    /// <summary>
    /// Accepted writes whose effect is not where it must be: not in the owner's table (row missing,
    /// older version, not deleted), or its entity missing or older in a replica of it according to
    /// the convergence report. Each entity counts once per place it is missing from.
    /// </summary>
    public async Task<long> LostAsync(RunningSystem system, Convergence.SystemReport report)
    {
        long lost = 0;
        foreach (var table in accepted.GroupBy(write => (write.Database, write.Table)))
        {
            var owned = await ReadOwnedAsync(system, table.Key.Database, table.Key.Table, table.Select(write => write.Id).Distinct().ToArray());
            lost += table.Count(write => !owned.TryGetValue(write.Id, out var row)
                                         || row.Version < (write.Version ?? 0)
                                         || (write.Deleted && !row.Deleted));
        }
        var acceptedEntities = accepted.Select(write => (write.EventType, write.Id)).ToHashSet();
        foreach (var pair in report.Pairs)
        {
            if (pair.Error is not null)
            {
                // The replica could not be compared: every entity it should hold is unaccounted for.
                lost += acceptedEntities.Count(entity => entity.EventType == pair.EventType);
                continue;
            }
            lost += pair.ExamplesOf("missing").Concat(pair.ExamplesOf("stale")).Count(id => acceptedEntities.Contains((pair.EventType, id)));
        }
        return lost;
    }

    static async Task<Dictionary<Guid, (long Version, bool Deleted)>> ReadOwnedAsync(RunningSystem system, string database, string table, Guid[] ids)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, version, deleted FROM {table} WHERE id = ANY($1)";
        command.Parameters.AddWithValue(ids);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<Guid, (long, bool)>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetBoolean(2));
        }
        return rows;
    }

    async Task WriteUntilStoppedAsync(Clients clients, TimeSpan pause)
    {
        using (clients)
        {
            var totalWeight = Writes.Sum(write => write.Weight);
            while (!stopping.IsCancellationRequested)
            {
                var roll = clients.Random.Next(totalWeight);
                var write = Writes.First(candidate => (roll -= candidate.Weight) < 0).Write;
                try
                {
                    if (await write(this, clients, stopping.Token) is { } done)
                    {
                        accepted.Add(done);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                {
                    if (!stopping.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                await Task.Delay(pause).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Null for a refusal (4xx, counted), the body for a success; throws on 5xx (counted as failed).</summary>
    async Task<JsonElement?> AnswerAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if ((int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}");
        }
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref refused);
            return null;
        }
        var body = await response.Content.ReadAsStringAsync();
        return body.Length == 0 ? default(JsonElement) : JsonDocument.Parse(body).RootElement.Clone();
    }

    Guid? AnyRestaurant(Random random)
    {
        var known = restaurants.Keys.ToArray();
        return known.Length == 0 ? null : known[random.Next(known.Length)];
    }

    static async Task<AcceptedWrite?> CreateRestaurantAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        var created = await load.AnswerAsync(clients.Of("restaurants").PostAsJsonAsync("/restaurants", new
        {
            ownerId = Guid.NewGuid(),
            name = $"Load {Guid.NewGuid():N}",
            address = "1 Load Street",
            cuisine = "Load",
            isOpen = true,
        }, ct));
        if (created is not { } restaurant)
        {
            return null;
        }
        load.restaurants.TryAdd(restaurant.Id(), 0);
        return new AcceptedWrite("restaurantsdb", "restaurants", "RestaurantChanged", restaurant.Id(), restaurant.Version(), false);
    }

    static async Task<AcceptedWrite?> UpdateRestaurantAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        if (load.AnyRestaurant(clients.Random) is not { } id)
        {
            return await CreateRestaurantAsync(load, clients, ct);
        }
        var updated = await load.AnswerAsync(clients.Of("restaurants").PutAsJsonAsync($"/restaurants/{id}", new
        {
            name = $"Load {Guid.NewGuid():N}",
            address = $"{clients.Random.Next(1, 999)} Load Street",
            cuisine = "Load",
            isOpen = clients.Random.Next(4) > 0,
        }, ct));
        return updated is { } restaurant
            ? new AcceptedWrite("restaurantsdb", "restaurants", "RestaurantChanged", id, restaurant.Version(), false)
            : null;
    }

    static async Task<AcceptedWrite?> DeleteRestaurantAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        if (load.AnyRestaurant(clients.Random) is not { } id || !load.restaurants.TryRemove(id, out _))
        {
            return null;
        }
        return await load.AnswerAsync(clients.Of("restaurants").DeleteAsync($"/restaurants/{id}", ct)) is not null
            ? new AcceptedWrite("restaurantsdb", "restaurants", "RestaurantChanged", id, null, true)
            : null;
    }

    static async Task<AcceptedWrite?> CreateMenuItemAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        if (load.AnyRestaurant(clients.Random) is not { } restaurantId)
        {
            return null;
        }
        var created = await load.AnswerAsync(clients.Of("menu").PostAsJsonAsync($"/restaurants/{restaurantId}/items", new
        {
            name = $"Dish {Guid.NewGuid():N}",
            priceMinor = clients.Random.Next(100, 5000),
            currency = "EUR",
            available = true,
        }, ct));
        return created is { } item ? new AcceptedWrite("menudb", "menu_items", "MenuItemChanged", item.Id(), item.Version(), false) : null;
    }

    static async Task<AcceptedWrite?> CreateAccountAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        var created = await load.AnswerAsync(clients.Of("accounts").PostAsJsonAsync("/accounts", new
        {
            email = $"load-{Guid.NewGuid():N}@example.com",
            displayName = "Load",
            role = "Customer",
        }, ct));
        return created is { } account ? new AcceptedWrite("accountsdb", "accounts", "AccountChanged", account.Id(), account.Version(), false) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stopping.Dispose();
    }

    /// <summary>One writer's HTTP clients, one per service, and its own random numbers.</summary>
    public sealed class Clients(RunningSystem system, int seed) : IDisposable
    {
        readonly Dictionary<string, HttpClient> clients = [];

        public Random Random { get; } = new(seed);

        public HttpClient Of(string service)
        {
            if (!clients.TryGetValue(service, out var client))
            {
                client = system.Client(service);
                // Short: a writer stuck on a service that is down would slow the load on every other one.
                client.Timeout = TimeSpan.FromSeconds(5);
                clients[service] = client;
            }
            return client;
        }

        public void Dispose()
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }
}
