using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Nothing lost under faults, in figures. Each scenario runs a steady write load across the
/// services (<see cref="WriteLoad"/>), injects one fault through the AppHost's own resource
/// commands, the broker's management API or the raw exchange, ends the fault, and waits until the
/// product's convergence checker says every replica equals its owner. The figures (writes accepted,
/// lost, applied twice, dead letters, time from the fault's end to convergence) are printed and
/// written to TestResults/reliability.md; docs/reliability.md publishes them.
/// Replicas and their owners are taken from the checker's report, so every replica the services
/// keep is covered without changes here.
/// </summary>
[Collection(nameof(FaultSuiteSystem))]
public sealed partial class FaultSuiteTests(FaultSuiteSystem system, ITestOutputHelper output)
{
    static readonly TimeSpan ConvergenceDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public Task S1_broker_stopped_for_30_seconds() => RunAsync(1, "broker stopped 30 s, started again", async scenario =>
    {
        await system.StopAsync("messaging");
        var down = Stopwatch.StartNew();
        await scenario.Load.WaitForMoreAcceptedAsync(10);
        await HoldAsync(down, TimeSpan.FromSeconds(30));
        await system.StartAsync("messaging");
        return $"broker down {down.Elapsed.TotalSeconds:F0} s (until healthy again)";
    });

    [Fact]
    public Task S2_each_consumer_stopped_abruptly_mid_stream_three_times() => RunAsync(2, "each consumer service stopped mid-stream and started, 3 times", async scenario =>
    {
        var (load, consumers) = (scenario.Load, scenario.Before.Pairs.Select(pair => pair.Consumer).Distinct().Order().ToList());
        // Every consumer is also an owner the load writes through: stopping them in two halves keeps
        // half the services taking writes whose events queue for the stopped half, so each consumer
        // is stopped while its stream flows.
        var halves = consumers.Chunk((consumers.Count + 1) / 2).ToList();
        for (var round = 0; round < 3; round++)
        {
            foreach (var half in halves)
            {
                await load.WaitForMoreAcceptedAsync(5);
                try
                {
                    await Task.WhenAll(half.Select(system.StopAsync));
                    await load.WaitForMoreAcceptedAsync(5);
                }
                finally
                {
                    await Task.WhenAll(half.Select(resource => system.StartAsync(resource)));
                }
            }
        }
        return $"consumers, in halves: {string.Join(" / ", halves.Select(half => string.Join(", ", half)))}";
    });

    [Fact]
    public Task S3_a_consumers_database_down_for_20_seconds() => RunAsync(3, "a consumer's database down 20 s", async scenario =>
    {
        // Menu: a consumer of the load's most frequent writes (restaurants), whose own database going
        // away refuses few of the load's writes, so events keep queueing for it while it is down.
        const string consumer = "menu";
        var database = consumer + "db";
        // A restaurant of the test's own, changed while the database is down: the load's random mix may send menu
        // nothing for a while (in CI once 18 s), and the queue must hold at least one event to show anything.
        var restaurant = await system.CreateAsync();
        await using var server = await OpenServerAsync(database);
        var down = Stopwatch.StartNew();
        string? paused;
        long waiting;
        try
        {
            // Only this database refuses connections (the server and the owners' databases stay up).
            await ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            await system.UpdateAsync(restaurant, $"Changed while {database} is down", isOpen: true);
            // The consumer holds its deliveries unacknowledged and the rest wait in its queue.
            using var management = await BrokerManagement.ConnectAsync(system);
            waiting = await Eventually.ValueAsync(() => management.MessagesAsync($"{consumer}.changes"), count => count > 0, TimeSpan.FromSeconds(18));
            await HoldAsync(down, TimeSpan.FromSeconds(16));
            paused = await PausedBecauseAsync(consumer);
            await HoldAsync(down, TimeSpan.FromSeconds(20));
        }
        finally
        {
            await ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
            down.Stop();
            // The test's own pooled connections to it were terminated too.
            NpgsqlConnection.ClearAllPools();
        }
        scenario.FaultEnded();
        Assert.Equal(0, (await system.CheckConvergenceAsync()).Services.Single(service => service.Service == consumer).DeadLetters);
        return $"{database} refused connections {down.Elapsed.TotalSeconds:F0} s; {waiting}+ events held in {consumer}'s queue; "
            + (paused is null ? "health did not show the pause yet (EF still retrying)" : "health showed the pause");
    });

    [Fact]
    public Task S4_every_broker_connection_force_closed() => RunAsync(4, "every broker connection force-closed (management API)", async scenario =>
    {
        var attachmentsBefore = await AttachmentsAsync();
        using var management = await BrokerManagement.ConnectAsync(system);
        var closed = await management.CloseAllConnectionsAsync();
        scenario.FaultEnded();
        var clock = Stopwatch.StartNew();
        // The gap shows: each consumer counts one more attachment once it is back on its queue.
        await Eventually.AssertAsync(async () =>
        {
            var now = await AttachmentsAsync();
            Assert.All(now, service => Assert.True(service.Value.Attached && service.Value.Attachments > attachmentsBefore[service.Key].Attachments,
                $"{service.Key} has not re-attached"));
        }, TimeSpan.FromMinutes(1));
        await scenario.Load.WaitForMoreAcceptedAsync(10);
        return $"{closed} connections closed; all {attachmentsBefore.Count} consumers re-attached within {clock.Elapsed.TotalSeconds:F1} s";
    });

    [Fact]
    public async Task S5_one_percent_poison_messages_end_in_dead_letter_queues_and_everything_else_is_applied()
    {
        var poison = new Dictionary<string, string>();
        var figures = await RunAsync(5, "1% poison messages injected into the owners' exchanges, with the owners' own credentials", async scenario =>
        {
            var (load, before) = (scenario.Load, scenario.Before);
            string[] bodies = ["{ this is not json", """{ "id": "6f1c3a52-8f0e-4c51-9a52-2d0c1f6d5b11", "version": 1, "deleted": false }""", "[]"];
            var pairs = before.Pairs.DistinctBy(pair => pair.EventType).ToList();
            for (var i = 0; i < bodies.Length; i++)
            {
                // One poison message for every 99 good ones: each accepted write publishes one event.
                await load.WaitForMoreAcceptedAsync(99);
                var messageId = Guid.NewGuid().ToString();
                var pair = pairs[i % pairs.Count];
                // Published with the owner's own credentials: the only user the broker lets write its events.
                await using var owner = await RawBroker.ConnectAsync(system, pair.Owner);
                await owner.PublishAsync(pair.EventType, bodies[i], messageId);
                poison[messageId] = pair.EventType;
            }
            return $"{poison.Count} poison messages among ~{load.Accepted} events";
        }, drainDeadLetters: async () =>
        {
            await using var broker = await RawBroker.ConnectAsync(system, RawBroker.Operator);
            var letters = new List<string?>();
            foreach (var service in RunningSystem.ServiceNames)
            {
                letters.AddRange((await broker.DrainAsync($"{service}.dead-letters")).Select(letter => letter.MessageId));
            }
            return letters;
        }, expectedDeadLetters: () => poison);
        Assert.True(figures.DeadLetters >= poison.Count);
    }

    [Fact]
    public Task S6_duplicates_and_reordering_injected() => RunAsync(6, "duplicates and reordering injected (earlier events republished)", async scenario =>
    {
        var random = new Random(6);
        // Each owner's events are re-sent with that owner's credentials, the only ones its exchange takes.
        var owners = new Dictionary<string, RawBroker>();
        int duplicates = 0, resent = 0;
        while (duplicates + resent < 300)
        {
            foreach (var pair in scenario.Before.Pairs.DistinctBy(pair => (pair.Owner, pair.EventType)))
            {
                var earlier = await EarlierEventsAsync(pair.Owner + "db", pair.EventType, 20);
                foreach (var (messageId, payload) in earlier.OrderBy(_ => random.Next()))
                {
                    // Half as true duplicates (same message id: the inbox drops them), half re-sent
                    // under a new id, out of order (the version guard drops the older ones).
                    var duplicate = random.Next(2) == 0;
                    if (!owners.TryGetValue(pair.Owner, out var owner))
                    {
                        owners[pair.Owner] = owner = await RawBroker.ConnectAsync(system, pair.Owner);
                    }
                    await owner.PublishAsync(pair.EventType, payload, duplicate ? messageId : Guid.NewGuid().ToString());
                    _ = duplicate ? duplicates++ : resent++;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }
        foreach (var owner in owners.Values)
        {
            await owner.DisposeAsync();
        }
        return $"{duplicates} duplicates and {resent} earlier versions re-sent, shuffled";
    });

    [Fact]
    public Task S7_an_owner_killed_after_publishing_and_before_marking_sent() => RunAsync(7, "owner killed after publish, before marking sent", async scenario =>
    {
        // Restaurants -> menu: the load's most frequent writes, so events are soon in flight.
        var pair = scenario.Before.Pairs.FirstOrDefault(pair => pair is { Owner: "restaurants", Consumer: "menu" }) ?? scenario.Before.Pairs.First();
        var ownerDb = pair.Owner + "db";
        const long HoldKey = 7_000_007;
        var duplicatesBefore = await ConsumedAsync(pair.Consumer, "duplicate");

        // The relay publishes, then marks its rows sent with one UPDATE: a trigger installed by the
        // test (not the product) makes that UPDATE wait on a lock the test holds, so the events are
        // out on the broker, applied by the consumer, and still pending in the owner's outbox.
        await using var holder = await system.OpenDatabaseAsync(ownerDb);
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({HoldKey})");
        await using (var setup = await system.OpenDatabaseAsync(ownerDb))
        {
            await ExecuteAsync(setup, $"""
                CREATE FUNCTION fd_test_hold_mark_sent() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_advisory_lock_shared({HoldKey}); PERFORM pg_advisory_unlock_shared({HoldKey}); RETURN NULL; END $$;
                CREATE TRIGGER fd_test_hold_mark_sent BEFORE UPDATE ON sync_outbox FOR EACH STATEMENT EXECUTE FUNCTION fd_test_hold_mark_sent();
                """);
        }
        List<string> publishedNotMarked;
        try
        {
            publishedNotMarked = await Eventually.ValueAsync(() => PublishedButNotMarkedAsync(ownerDb, pair.Consumer + "db"), ids => ids.Count >= 3);
            await system.StopAsync(pair.Owner);
        }
        finally
        {
            await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({HoldKey})");
            await using var cleanup = await system.OpenDatabaseAsync(ownerDb);
            await ExecuteAsync(cleanup, "DROP TRIGGER IF EXISTS fd_test_hold_mark_sent ON sync_outbox; DROP FUNCTION IF EXISTS fd_test_hold_mark_sent();");
        }
        Assert.Equal(publishedNotMarked.Count, (await PendingAsync(ownerDb, publishedNotMarked)).Count);
        await system.StartAsync(pair.Owner);
        scenario.FaultEnded();

        // The new relay sends them again; the consumer's inbox recognises every one.
        await Eventually.AssertAsync(async () => Assert.Empty(await PendingAsync(ownerDb, publishedNotMarked)));
        await Eventually.AssertAsync(async () =>
            Assert.True(await ConsumedAsync(pair.Consumer, "duplicate") - duplicatesBefore >= publishedNotMarked.Count));
        return $"{publishedNotMarked.Count} events published but not marked when {pair.Owner} was killed; re-sent, dropped as duplicates by {pair.Consumer}";
    });

    /// <summary>What a scenario's fault gets: the running load, the converged state before it, and a way to say when the fault ended.</summary>
    sealed class Scenario(WriteLoad load, Convergence.SystemReport before)
    {
        public WriteLoad Load { get; } = load;

        public Convergence.SystemReport Before { get; } = before;

        public Stopwatch? SinceFaultEnd { get; private set; }

        /// <summary>The fault is over (resource back, connections closed); by default, when the fault's code returns.</summary>
        public void FaultEnded() => SinceFaultEnd ??= Stopwatch.StartNew();
    }

    async Task<ScenarioFigures> RunAsync(
        int number, string name, Func<Scenario, Task<string>> fault,
        Func<Task<List<string?>>>? drainDeadLetters = null, Func<IReadOnlyDictionary<string, string>>? expectedDeadLetters = null)
    {
        var (ready, before) = await system.WaitForConvergenceAsync(ConvergenceDeadline);
        Assert.True(ready is not null, $"The system was not converged before the scenario:{Environment.NewLine}{before}");
        Assert.NotEmpty(before.Pairs);
        var started = DateTimeOffset.UtcNow;
        List<string?>? letters = null;
        try
        {
            await using var load = WriteLoad.Start(system);
            await load.WaitForMoreAcceptedAsync(20);
            var scenario = new Scenario(load, before);
            var notes = await fault(scenario);
            scenario.FaultEnded();
            await load.StopAsync();

            var (converged, report) = await system.WaitForConvergenceAsync(ConvergenceDeadline, r => r.ConvergedApartFromDeadLetters);
            var toConverged = converged is null ? (TimeSpan?)null : scenario.SinceFaultEnd!.Elapsed;
            var lost = await load.LostAsync(system, report);
            var twice = await system.EffectsAppliedTwiceAsync(started);
            var deadLetters = report.DeadLetters;
            if (drainDeadLetters is not null)
            {
                letters = await drainDeadLetters();
                deadLetters = letters.Count;
            }

            var figures = new ScenarioFigures(number, name, load.Accepted, load.Failed, lost, twice, deadLetters, toConverged, notes);
            output.WriteLine(ReliabilityFigures.Record(figures));
            output.WriteLine(report.ToString());

            Assert.True(converged is not null, $"Not converged {ConvergenceDeadline.TotalSeconds} s after the fault ended:{Environment.NewLine}{report}");
            Assert.Equal(0, lost);
            Assert.Equal(0, twice);
            if (expectedDeadLetters is null)
            {
                Assert.Equal(0, deadLetters);
            }
            else
            {
                // Exactly the poison: nothing else was dead-lettered, and every consumer of its type dead-lettered each one.
                var expected = expectedDeadLetters();
                Assert.All(letters!, id => Assert.True(id is not null && expected.ContainsKey(id), $"{id} is not poison, yet it was dead-lettered"));
                Assert.All(expected, poison => Assert.True(
                    letters!.Count(id => id == poison.Key) >= before.Pairs.Count(pair => pair.EventType == poison.Value),
                    $"poison {poison.Key} ({poison.Value}) is missing from a dead-letter queue"));
            }
            Assert.True((await system.WaitForConvergenceAsync(ConvergenceDeadline)).Elapsed is not null, "dead letters remain");
            return figures;
        }
        finally
        {
            if (drainDeadLetters is not null && letters is null)
            {
                // Failed half-way: do not leave the poison to fail the next scenario's precondition.
                await drainDeadLetters();
            }
        }
    }

    /// <summary>Keeps a fault in place until it has lasted <paramref name="duration"/>.</summary>
    static Task HoldAsync(Stopwatch since, TimeSpan duration) =>
        since.Elapsed < duration ? Task.Delay(duration - since.Elapsed) : Task.CompletedTask;

    async Task<Dictionary<string, (bool Attached, long Attachments)>> AttachmentsAsync()
    {
        var result = new Dictionary<string, (bool, long)>();
        foreach (var service in RunningSystem.ServiceNames)
        {
            using var client = await system.OperatorClientAsync(service);
            var status = await client.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.OK);
            result[service] = (status.GetProperty("consumerAttached").GetBoolean(), status.GetProperty("consumerAttachments").GetInt64());
        }
        return result;
    }

    async Task<long> ConsumedAsync(string service, string outcome)
    {
        using var client = await system.OperatorClientAsync(service);
        var status = await client.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.OK);
        return status.GetProperty("consumed").GetProperty(outcome).GetInt64();
    }

    /// <summary>The sync's pause reason in the service's /health, if it answers within a few seconds (its database check may hang).</summary>
    async Task<string?> PausedBecauseAsync(string service)
    {
        using var client = system.ManagementClient(service);
        client.Timeout = TimeSpan.FromSeconds(3);
        try
        {
            using var response = await client.GetAsync("/health");
            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return health.RootElement.GetProperty("checks").GetProperty("sync").GetProperty("data").TryGetProperty("pausedBecause", out var reason)
                ? reason.GetString()
                : null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>A connection to the database server itself (the maintenance database), to administer one database.</summary>
    async Task<NpgsqlConnection> OpenServerAsync(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(await system.SuperuserConnectionStringAsync(database)) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    async Task<List<(string MessageId, string Payload)>> EarlierEventsAsync(string ownerDb, string eventType, int count)
    {
        await using var connection = await system.OpenDatabaseAsync(ownerDb);
        await using var command = new NpgsqlCommand(
            "SELECT message_id::text, payload FROM sync_outbox WHERE sent_at IS NOT NULL AND type = $1 ORDER BY random() LIMIT $2", connection);
        command.Parameters.AddWithValue(eventType);
        command.Parameters.AddWithValue(count);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetString(0), reader.GetString(1)));
        }
        return events;
    }

    /// <summary>Message ids still pending in the owner's outbox that the consumer has already applied.</summary>
    async Task<List<string>> PublishedButNotMarkedAsync(string ownerDb, string consumerDb)
    {
        var pending = await MessageIdsAsync(ownerDb, "SELECT message_id::text FROM sync_outbox WHERE sent_at IS NULL");
        return await MessageIdsAsync(consumerDb, "SELECT message_id FROM sync_inbox WHERE message_id = ANY($1)", pending.ToArray());
    }

    Task<List<string>> PendingAsync(string ownerDb, List<string> messageIds) =>
        MessageIdsAsync(ownerDb, "SELECT message_id::text FROM sync_outbox WHERE sent_at IS NULL AND message_id::text = ANY($1)", messageIds.ToArray());

    /// <summary>The first column of <paramref name="sql"/>, given <paramref name="among"/> as its one parameter if there is one.</summary>
    async Task<List<string>> MessageIdsAsync(string database, string sql, string[]? among = null)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        if (among is not null)
        {
            command.Parameters.AddWithValue(among);
        }
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
}
