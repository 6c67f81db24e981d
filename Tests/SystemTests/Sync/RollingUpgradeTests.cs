using System.Globalization;
using System.Text;
using FoodDelivery.Contracts;
using Xunit.Abstractions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A rolling upgrade as an orchestrator does it: with two replicas of every service, each replica in turn is stopped
/// (SIGTERM), started again and waited for (its broker connection and consumer back), service after service, while
/// writes flow through the load-balancing proxies. Clients retry once, as real ones do; nothing may fail after that
/// retry, nothing is lost or applied twice, nothing is dead-lettered, and the replicas converge. Graceful shutdown is
/// what makes it true: a stopping consumer acknowledges what it took and a stopping relay marks what was confirmed,
/// so the broker should deliver nothing again; redeliveries and re-sent outbox rows are counted from the broker's own
/// statistics and reported.
/// Shares the replicated AppHost with <see cref="ScaleOutTests"/> and leaves every replica running.
/// </summary>
[Collection(nameof(ReplicatedSystem))]
public sealed class RollingUpgradeTests(ReplicatedSystem system, ITestOutputHelper output)
{
    static readonly TimeSpan ConvergenceDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Restarting_every_replica_in_turn_under_load_fails_no_request_after_one_retry_and_loses_or_repeats_nothing()
    {
        var replicas = await system.ReplicaIdsAsync();
        using var broker = await BrokerManagement.ConnectAsync(system);
        await StartStoppedReplicasAsync(replicas);
        var attached = await AttachedAsync(broker);
        var (ready, before) = await system.WaitForConvergenceAsync(ConvergenceDeadline);
        Assert.True(ready is not null, $"Not converged before the load:{Environment.NewLine}{before}");
        var redeliveredBefore = await SettledAsync(() => RedeliveredAsync(broker));
        var resentBefore = await SettledAsync(() => ResentAsync(broker));

        var started = DateTimeOffset.UtcNow;
        using var clients = new RetryingCluster(system);
        var underLoad = new List<(string Service, ReplicaStop Stop)>();
        // Nothing is down here, so a slow answer is the machine's load, not a failure: a client's patience, not the fault suite's 5 s.
        await using (var load = WriteLoad.Start(clients, writers: 3, pause: TimeSpan.FromMilliseconds(100), requestTimeout: TimeSpan.FromSeconds(30)))
        {
            await load.WaitForMoreAcceptedAsync(20);
            foreach (var service in RunningSystem.ServiceNames)
            {
                foreach (var replica in replicas[service])
                {
                    underLoad.Add((service, await RestartAsync(broker, service, replica, attached[service])));
                    // Writes go on between restarts, so each replica comes back to traffic before the next one stops.
                    await load.WaitForMoreAcceptedAsync(5);
                }
            }
            await load.WaitForMoreAcceptedAsync(20);
            await load.StopAsync();

            var (converged, report) = await system.WaitForConvergenceAsync(ConvergenceDeadline, r => r.ConvergedApartFromDeadLetters);
            var lost = await load.LostAsync(system, report);
            var twice = await system.EffectsAppliedTwiceAsync(started);

            // Idle: the same stop once per service with nothing in flight.
            var idle = new List<(string Service, ReplicaStop Stop)>();
            foreach (var service in RunningSystem.ServiceNames)
            {
                idle.Add((service, await RestartAsync(broker, service, replicas[service][0], attached[service])));
            }
            var redelivered = await SettledAsync(() => RedeliveredAsync(broker)) - redeliveredBefore;
            var resent = await SettledAsync(() => ResentAsync(broker)) - resentBefore;

            output.WriteLine($"requests {clients.Retries.Requests}, failed on the first try {clients.Retries.FirstTryFailures}, "
                             + $"failed after the retry {clients.Retries.FailedAfterRetry}; writes accepted {load.Accepted}, refused {load.Refused}, failed {load.Failed}");
            foreach (var answer in clients.Retries.FirstTryAnswers.GroupBy(answer => answer).OrderByDescending(group => group.Count()))
            {
                output.WriteLine($"  first try: {answer.Key} x{answer.Count()}");
            }
            foreach (var reason in load.FailureReasons)
            {
                output.WriteLine($"  failed write: {reason}");
            }
            output.WriteLine($"lost {lost}, applied twice {twice}, dead letters {report.DeadLetters}, redelivered by the broker {redelivered}, re-sent by relays {resent}, "
                             + $"killed by the orchestrator (exit code not 0): {string.Join(", ", underLoad.Concat(idle).Where(stop => stop.Stop.ExitCode != 0).Select(stop => stop.Stop.ReplicaId))}");
            output.WriteLine(StopTimes(underLoad, idle));
            output.WriteLine(report.ToString());

            Assert.True(converged is not null, $"Not converged {ConvergenceDeadline.TotalSeconds} s after the load:{Environment.NewLine}{report}");
            Assert.Equal(0, lost);
            Assert.Equal(0, twice);
            Assert.Equal(0, report.DeadLetters);
            Assert.Equal(0, clients.Retries.FailedAfterRetry);
            Assert.Equal(0, load.Failed);
            // Redeliveries and re-sends are reported, not asserted. Redeliveries: one run of five with every stop clean
            // still had 1 (cause not found; a delivery parked for a contended entity during the drain is one way), against
            // 5 in a clean run of the previous engine. Re-sends: the broker's exchange statistics come from channel samples
            // and a closing channel loses its last seconds of counts, so the estimate can go below 0 (seen: -14).
        }
    }

    /// <summary>
    /// Stops a replica, waits until the broker has seen it go, starts it again and waits until it is back: its broker
    /// connections and consumer as many as before (the service's health goes through its proxy, so it cannot say
    /// which replica answered).
    /// </summary>
    async Task<ReplicaStop> RestartAsync(BrokerManagement broker, string service, string replica, (int Connections, int Consumers) attached)
    {
        var stop = await system.StopReplicaAsync(replica);
        await Eventually.ValueAsync(() => broker.ConnectionsOfAsync(service), open => open < attached.Connections, TimeSpan.FromMinutes(1));
        await system.StartReplicaAsync(replica);
        await Eventually.ValueAsync(() => broker.ConnectionsOfAsync(service), open => open == attached.Connections, TimeSpan.FromMinutes(2));
        if (attached.Consumers > 0)
        {
            await system.WaitForConsumersAsync(broker, service, attached.Consumers);
        }
        return stop;
    }

    /// <summary>A test before this one may have left a replica stopped (ScaleOutTests stops one of each): start it.</summary>
    async Task StartStoppedReplicasAsync(Dictionary<string, List<string>> replicas)
    {
        foreach (var replica in replicas.Values.SelectMany(ids => ids))
        {
            if (system.App.ResourceNotifications.TryGetCurrentState(replica, out var state)
                && KnownResourceStates.TerminalStates.Contains(state.Snapshot.State?.Text))
            {
                await system.StartReplicaAsync(replica);
            }
        }
    }

    /// <summary>Per service, its broker connections and consumers once every replica is up (one or more per replica).</summary>
    static async Task<Dictionary<string, (int Connections, int Consumers)>> AttachedAsync(BrokerManagement broker)
    {
        var attached = new Dictionary<string, (int, int)>();
        foreach (var service in RunningSystem.ServiceNames)
        {
            var consumers = ServiceCatalogue.Find(service)!.Replicates.Count > 0 ? ReplicatedSystem.Replicas : 0;
            if (consumers > 0)
            {
                await Eventually.ValueAsync(() => ConsumersAsync(broker, service), count => count == consumers, TimeSpan.FromMinutes(2));
            }
            var connections = await Eventually.ValueAsync(() => broker.ConnectionsOfAsync(service),
                open => open >= ReplicatedSystem.Replicas && open % ReplicatedSystem.Replicas == 0, TimeSpan.FromMinutes(2));
            attached[service] = (connections, consumers);
        }
        return attached;
    }

    static async Task<int> ConsumersAsync(BrokerManagement broker, string service)
    {
        using var queue = await broker.GetAsync($"/api/queues/%2F/{Uri.EscapeDataString(BrokerNames.Queue(service))}");
        return queue.RootElement.TryGetProperty("consumers", out var count) ? count.GetInt32() : 0;
    }

    /// <summary>Deliveries the broker has sent again (requeued, then delivered with the redelivered flag), over every service's queue.</summary>
    static async Task<long> RedeliveredAsync(BrokerManagement broker)
    {
        long total = 0;
        foreach (var service in RunningSystem.ServiceNames.Where(service => ServiceCatalogue.Find(service)!.Replicates.Count > 0))
        {
            using var queue = await broker.GetAsync($"/api/queues/%2F/{Uri.EscapeDataString(BrokerNames.Queue(service))}");
            if (queue.RootElement.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("redeliver", out var redeliver))
            {
                total += redeliver.GetInt64();
            }
        }
        return total;
    }

    /// <summary>
    /// Publishes the owner exchanges took in beyond the owners' outbox rows: rows a relay sent more than once (a
    /// stopped leader that had not marked what the broker confirmed leaves them for the next leader).
    /// </summary>
    async Task<long> ResentAsync(BrokerManagement broker)
    {
        long total = 0;
        foreach (var service in RunningSystem.ServiceNames)
        {
            using var exchange = await broker.GetAsync($"/api/exchanges/%2F/{Uri.EscapeDataString(BrokerNames.OwnerExchange(service))}");
            var published = exchange.RootElement.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("publish_in", out var count)
                ? count.GetInt64() : 0;
            await using var database = await system.OpenDatabaseAsync(service + "db");
            await using var command = database.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sync_outbox WHERE sent_at IS NOT NULL";
            total += published - (long)(await command.ExecuteScalarAsync())!;
        }
        return total;
    }

    /// <summary>The broker samples its statistics every few seconds: a value read twice, one sample apart, unchanged.</summary>
    static async Task<long> SettledAsync(Func<Task<long>> read)
    {
        var last = await read();
        for (var quiet = 0; quiet < 2;)
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
            var now = await read();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return last;
    }

    static string StopTimes(List<(string Service, ReplicaStop Stop)> underLoad, List<(string Service, ReplicaStop Stop)> idle)
    {
        var text = new StringBuilder("stop times, SIGTERM (the orchestrator's stop command) to the process's exit; under load per replica | idle replica 0:");
        foreach (var service in RunningSystem.ServiceNames)
        {
            var loaded = underLoad.Where(stop => stop.Service == service).Select(stop => Describe(stop.Stop));
            var quiet = idle.Where(stop => stop.Service == service).Select(stop => Describe(stop.Stop));
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {service,-12} {string.Join(", ", loaded)} | {string.Join(", ", quiet)}");
        }
        return text.ToString();
    }

    static string Describe(ReplicaStop stop) =>
        string.Create(CultureInfo.InvariantCulture, $"{stop.Took.TotalSeconds:0.00} s (exit {stop.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"})");
}
