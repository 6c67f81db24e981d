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
/// Each writer acts as one restaurant owner, one customer and one courier, signed up at its start,
/// so the mix reaches all seven services: restaurants, menus, sign-ups, orders (which payments charges
/// and delivery dispatches by reacting to them), cancellations, pickups and deliveries, reviews.
/// To cover a new service or replica, add a <see cref="Write"/> to <see cref="Writes"/>: the fault
/// suite and its figures pick it up.
/// </remarks>
public sealed class WriteLoad : IAsyncDisposable
{
    /// <summary>One kind of write: makes the request, returns what was accepted, or null if it was refused.</summary>
    public delegate Task<AcceptedWrite?> Write(WriteLoad load, Clients clients, CancellationToken ct);

    /// <summary>The mix, each kind with its weight.</summary>
    static readonly (int Weight, Write Write)[] Writes =
    [
        (18, CreateRestaurantAsync),
        (18, UpdateRestaurantAsync),
        (3, DeleteRestaurantAsync),
        (15, CreateMenuItemAsync),
        (6, SignUpAsync),
        (16, PlaceOrderAsync),
        (3, CancelOrderAsync),
        (14, CourierRoundAsync),
        (7, ReviewAsync),
    ];

    readonly ConcurrentBag<AcceptedWrite> accepted = [];
    readonly ConcurrentQueue<string> failureReasons = [];
    readonly CancellationTokenSource stopping = new();
    readonly Task[] writers;
    long refused;
    long failed;

    WriteLoad(IServiceCluster system, int writerCount, TimeSpan pause, TimeSpan requestTimeout)
    {
        writers = Enumerable.Range(0, writerCount)
            .Select(index => Task.Run(() => WriteUntilStoppedAsync(new Clients(system, index * 7919 + Environment.TickCount, requestTimeout), pause)))
            .ToArray();
    }

    /// <summary>About ten writes a second with the defaults, spread over the services.</summary>
    /// <param name="requestTimeout">How long a request may take before it counts as failed: 5 s unless said (short, so a
    /// writer stuck on a service that is down does not slow the load on every other one).</param>
    public static WriteLoad Start(IServiceCluster system, int writers = 2, TimeSpan? pause = null, TimeSpan? requestTimeout = null) =>
        new(system, writers, pause ?? TimeSpan.FromMilliseconds(150), requestTimeout ?? TimeSpan.FromSeconds(5));

    public long Accepted => accepted.Count;

    /// <summary>Answered 4xx: a business rule said no (e.g. menu does not know the restaurant yet).</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Answered 5xx, timed out or not reachable: the fault at work.</summary>
    public long Failed => Interlocked.Read(ref failed);

    public IReadOnlyCollection<AcceptedWrite> AcceptedWrites => accepted;

    /// <summary>What each failed write threw (its type and message), for a test's report.</summary>
    public IReadOnlyCollection<string> FailureReasons => failureReasons;

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
    public async Task<long> LostAsync(IServiceCluster system, Convergence.SystemReport report)
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

    static async Task<Dictionary<Guid, (long Version, bool Deleted)>> ReadOwnedAsync(IServiceCluster system, string database, string table, Guid[] ids)
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
                        failureReasons.Enqueue($"{write.Method.Name}: {ex.GetType().Name}: {ex.Message}");
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

    static async Task<AcceptedWrite?> CreateRestaurantAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        var created = await load.AnswerAsync((await clients.AsOwnerAsync("restaurants", ct)).PostAsJsonAsync("/restaurants", new
        {
            name = $"Load {Guid.NewGuid():N}",
            address = "1 Load Street",
            cuisine = "Load",
            isOpen = true,
        }, ct));
        if (created is not { } restaurant)
        {
            return null;
        }
        clients.Restaurants.TryAdd(restaurant.Id(), []);
        return AcceptedAs("restaurantsdb", "restaurants", "RestaurantChanged", restaurant);
    }

    static async Task<AcceptedWrite?> UpdateRestaurantAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        if (clients.AnyRestaurant() is not { } id)
        {
            return await CreateRestaurantAsync(load, clients, ct);
        }
        var updated = await load.AnswerAsync((await clients.AsOwnerAsync("restaurants", ct)).PutAsJsonAsync($"/restaurants/{id}", new
        {
            name = $"Load {Guid.NewGuid():N}",
            address = $"{clients.Random.Next(1, 999)} Load Street",
            cuisine = "Load",
            isOpen = clients.Random.Next(4) > 0,
        }, ct));
        return updated is { } restaurant ? AcceptedAs("restaurantsdb", "restaurants", "RestaurantChanged", restaurant) : null;
    }

    static async Task<AcceptedWrite?> DeleteRestaurantAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        if (clients.AnyRestaurant() is not { } id || !clients.Restaurants.TryRemove(id, out _))
        {
            return null;
        }
        return await load.AnswerAsync((await clients.AsOwnerAsync("restaurants", ct)).DeleteAsync($"/restaurants/{id}", ct)) is not null
            ? new AcceptedWrite("restaurantsdb", "restaurants", "RestaurantChanged", id, null, true)
            : null;
    }

    static async Task<AcceptedWrite?> CreateMenuItemAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        if (clients.AnyRestaurant() is not { } restaurantId)
        {
            return null;
        }
        var created = await load.AnswerAsync((await clients.AsOwnerAsync("menu", ct)).PostAsJsonAsync($"/restaurants/{restaurantId}/items", new
        {
            name = $"Dish {Guid.NewGuid():N}",
            // Below the payment rule's declined band (2,000.00 and up), so every order is charged.
            priceMinor = clients.Random.Next(100, 5000),
            currency = "EUR",
            available = true,
        }, ct));
        if (created is not { } item)
        {
            return null;
        }
        if (clients.Restaurants.TryGetValue(restaurantId, out var items))
        {
            items.Add(item.Id());
        }
        return AcceptedAs("menudb", "menu_items", "MenuItemChanged", item);
    }

    /// <summary>
    /// A sign-up from an address of its own, then its sign-in: sign-up answers the same whether or not
    /// the email was new, so the id of the account it made comes from the sign-in (a new account's
    /// version is 1). Accepted only once both answered.
    /// </summary>
    static async Task<AcceptedWrite?> SignUpAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        var accounts = clients.Anonymous("accounts");
        var email = $"load-{Guid.NewGuid():N}@example.com";
        const string password = "load test 1234";
        using var signUp = new HttpRequestMessage(HttpMethod.Post, "/accounts/sign-up")
        {
            Content = JsonContent.Create(new { email, displayName = "Load", role = "Customer", password }),
        };
        signUp.Headers.Add(ClientAddresses.ForwardedFor, ClientAddresses.Next());
        if (await load.AnswerAsync(accounts.SendAsync(signUp, ct)) is null)
        {
            return null;
        }
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/accounts/sign-in") { Content = JsonContent.Create(new { email, password }) };
        signIn.Headers.Add(ClientAddresses.ForwardedFor, ClientAddresses.Next());
        return await load.AnswerAsync(accounts.SendAsync(signIn, ct)) is { } token
            ? new AcceptedWrite("accountsdb", "accounts", "AccountChanged", token.GetProperty("accountId").GetGuid(), 1, false)
            : null;
    }

    /// <summary>One of a restaurant's items (refused until orders' replicas know them and while it is closed).</summary>
    static async Task<AcceptedWrite?> PlaceOrderAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        var menus = clients.Restaurants.Where(restaurant => !restaurant.Value.IsEmpty).ToArray();
        if (menus.Length == 0)
        {
            return await CreateMenuItemAsync(load, clients, ct);
        }
        var (restaurantId, items) = menus[clients.Random.Next(menus.Length)];
        var item = items.ElementAt(clients.Random.Next(items.Count));
        var placed = await load.AnswerAsync((await clients.AsCustomerAsync(ct)).PostAsJsonAsync("/orders",
            new { restaurantId, lines = new[] { new { menuItemId = item, quantity = clients.Random.Next(1, 3) } } }, ct));
        return placed is { } order ? AcceptedAs("ordersdb", "orders", "OrderChanged", order) : null;
    }

    static async Task<AcceptedWrite?> CancelOrderAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        var orders = await clients.AsCustomerAsync(ct);
        var mine = await load.AnswerAsync(orders.GetAsync("/orders?limit=200", ct));
        if (mine is not { } list || list.Items().FirstOrDefault(o => o.Text("status") is "Placed" or "Paid") is not { ValueKind: JsonValueKind.Object } order)
        {
            return null;
        }
        var cancelled = await load.AnswerAsync(orders.PostAsync($"/orders/{order.Id()}/cancel", null, ct));
        return cancelled is { } done ? AcceptedAs("ordersdb", "orders", "OrderChanged", done) : null;
    }

    /// <summary>The writer's courier goes on duty (once delivery knows the account), then picks up or delivers one delivery.</summary>
    static async Task<AcceptedWrite?> CourierRoundAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        var delivery = await clients.AsCourierAsync(ct);
        if (!clients.CourierOnDuty)
        {
            clients.CourierOnDuty = await load.AnswerAsync(delivery.PutAsJsonAsync("/couriers/me/availability", new { available = true }, ct)) is not null;
            return null;
        }
        var mine = await load.AnswerAsync(delivery.GetAsync("/deliveries?limit=200", ct));
        if (mine is not { } list)
        {
            return null;
        }
        var next = list.Items()
            .Select(d => (Delivery: d, Step: d.Text("status") switch { "Assigned" => "pickup", "PickedUp" => "deliver", _ => null }))
            .FirstOrDefault(d => d.Step is not null);
        if (next.Step is null)
        {
            return null;
        }
        var moved = await load.AnswerAsync(delivery.PostAsync($"/deliveries/{next.Delivery.Id()}/{next.Step}", null, ct));
        return moved is { } done ? AcceptedAs("deliverydb", "deliveries", "DeliveryChanged", done) : null;
    }

    static async Task<AcceptedWrite?> ReviewAsync(WriteLoad load, Clients clients, CancellationToken ct)
    {
        var mine = await load.AnswerAsync((await clients.AsCustomerAsync(ct)).GetAsync("/orders?limit=200", ct));
        if (mine is not { } list
            || list.Items().FirstOrDefault(o => o.Text("status") == "Delivered" && !clients.Reviewed.ContainsKey(o.Id())) is not { ValueKind: JsonValueKind.Object } order)
        {
            return null;
        }
        var reviews = await clients.AsCustomerAsync("reviews", ct);
        var created = await load.AnswerAsync(reviews.PostAsJsonAsync("/reviews", new { orderId = order.Id(), stars = clients.Random.Next(1, 6), text = "Load" }, ct));
        if (created is not { } review)
        {
            return null;
        }
        clients.Reviewed.TryAdd(order.Id(), 0);
        return AcceptedAs("reviewsdb", "reviews", "ReviewChanged", review);
    }

    static AcceptedWrite AcceptedAs(string database, string table, string eventType, JsonElement entity) =>
        new(database, table, eventType, entity.Id(), entity.Version(), false);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stopping.Dispose();
    }

    /// <summary>
    /// One writer: its owner, customer and courier (signed up when first needed), an HTTP client per
    /// service and role, what it created, and its own random numbers.
    /// </summary>
    public sealed class Clients(IServiceCluster system, int seed, TimeSpan requestTimeout) : IDisposable
    {
        readonly Dictionary<string, HttpClient> clients = [];
        readonly Dictionary<string, string> tokens = [];

        public Random Random { get; } = new(seed);

        /// <summary>This writer's restaurants and the menu items it added to each.</summary>
        public ConcurrentDictionary<Guid, ConcurrentBag<Guid>> Restaurants { get; } = new();

        /// <summary>Orders this writer's customer has reviewed.</summary>
        public ConcurrentDictionary<Guid, byte> Reviewed { get; } = new();

        public bool CourierOnDuty { get; set; }

        public Guid? AnyRestaurant()
        {
            var known = Restaurants.Keys.ToArray();
            return known.Length == 0 ? null : known[Random.Next(known.Length)];
        }

        public HttpClient Anonymous(string service) => Of(service, null);

        public async Task<HttpClient> AsOwnerAsync(string service, CancellationToken ct) => Of(service, await TokenAsync(Callers.RestaurantOwner, ct));

        public Task<HttpClient> AsCustomerAsync(CancellationToken ct) => AsCustomerAsync("orders", ct);

        public async Task<HttpClient> AsCustomerAsync(string service, CancellationToken ct) => Of(service, await TokenAsync(Callers.Customer, ct));

        public async Task<HttpClient> AsCourierAsync(CancellationToken ct) => Of("delivery", await TokenAsync(Callers.Courier, ct));

        /// <summary>Signs up and in once per role; a failure (a fault at work) throws and is counted, and the next write tries again.</summary>
        async Task<string> TokenAsync(string role, CancellationToken ct)
        {
            if (!tokens.TryGetValue(role, out var token))
            {
                // A writer's people sign up from an address of their own (accounts limits sign-ups per address).
                using var accounts = system.Client("accounts").FromNewAddress();
                accounts.Timeout = requestTimeout;
                var email = $"load-{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
                const string password = "load test 1234";
                using var signUp = await accounts.PostAsJsonAsync("/accounts/sign-up", new { email, displayName = $"Load {role}", role, password }, ct);
                signUp.EnsureSuccessStatusCode();
                using var signIn = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email, password }, ct);
                signIn.EnsureSuccessStatusCode();
                token = (await signIn.Content.ReadFromJsonAsync<JsonElement>(ct)).Text("accessToken");
                tokens[role] = token;
            }
            return token;
        }

        HttpClient Of(string service, string? token)
        {
            var key = $"{service}/{token}";
            if (!clients.TryGetValue(key, out var client))
            {
                client = token is null ? system.Client(service) : system.Client(service, token);
                // Short: a writer stuck on a service that is down would slow the load on every other one.
                client.Timeout = requestTimeout;
                clients[key] = client;
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
