using System.Diagnostics;
using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The whole system's convergence: every service's <c>GET /sync/convergence</c> (each compares the
/// replicas it keeps with their owners, and reports its outbox backlog and dead letters), together.
/// </summary>
public static class Convergence
{
    public sealed record ReplicaPair(
        string Owner, string Consumer, string EventType, long OwnerRows, long ReplicaRows,
        long Missing, long Stale, long Extra, long Diverged, Dictionary<string, List<Guid>> Examples, string? Error, bool Converged)
    {
        public IEnumerable<Guid> ExamplesOf(string kind) => Examples.TryGetValue(kind, out var ids) ? ids : [];

        public override string ToString() => Error is { } error
            ? $"{Owner} -> {Consumer} {EventType}: {error}"
            : $"{Owner} -> {Consumer} {EventType}: {OwnerRows} owned, {ReplicaRows} replicated, {Missing} missing, {Stale} stale, {Extra} extra, {Diverged} diverged";
    }

    /// <summary>One invariant a service's reactions declared, with the entities that break it.</summary>
    public sealed record InvariantCheck(string Invariant, long Breaches, List<Guid> Examples, string? Error)
    {
        public override string ToString() => $"{Invariant}: {Error ?? $"{Breaches} breaches ({string.Join(", ", Examples.Take(3))})"}";
    }

    public sealed record ServiceReport(
        string Service, bool Converged, long OutboxBacklog, long DeadLetters, long QueueDepth, List<ReplicaPair> Replicas, List<InvariantCheck>? Invariants = null)
    {
        /// <summary>The invariant named <paramref name="invariant"/>, which this service must declare.</summary>
        public InvariantCheck Of(string invariant) => Assert.Single(Invariants ?? [], check => check.Invariant == invariant);

        public static ServiceReport Unreachable(string service, string why) =>
            new(service, false, -1, -1, -1, [new ReplicaPair("?", service, "?", 0, 0, 0, 0, 0, 0, [], why, false)]);
    }

    public sealed record SystemReport(IReadOnlyList<ServiceReport> Services)
    {
        public IEnumerable<ReplicaPair> Pairs => Services.SelectMany(service => service.Replicas);

        public long DeadLetters => Services.Sum(service => Math.Max(0, service.DeadLetters));

        /// <summary>Every replica equals its owner and every outbox is empty; dead letters may wait.</summary>
        public bool ConvergedApartFromDeadLetters => Pairs.All(pair => pair.Converged) && Services.All(service => service.OutboxBacklog == 0);

        public bool Converged => Services.All(service => service.Converged);

        public ServiceReport Of(string service) => Assert.Single(Services, report => report.Service == service);

        public override string ToString() => string.Join(Environment.NewLine,
            Services.Select(service => $"{service.Service}: converged={service.Converged} outboxBacklog={service.OutboxBacklog} deadLetters={service.DeadLetters}")
                .Concat(Pairs.Select(pair => pair.ToString()))
                .Concat(Services.SelectMany(service => (service.Invariants ?? []).Where(check => check.Breaches > 0 || check.Error is not null)
                    .Select(check => $"{service.Service}: {check}"))));
    }

    public static async Task<SystemReport> CheckConvergenceAsync(this IServiceCluster system)
    {
        var reports = await Task.WhenAll(RunningSystem.ServiceNames.Select(async service =>
        {
            try
            {
                using var client = await system.OperatorClientAsync(service);
                client.Timeout = TimeSpan.FromSeconds(30);
                return await client.GetFromJsonAsync<ServiceReport>("/sync/convergence", JsonSerializerOptions.Web)
                    ?? ServiceReport.Unreachable(service, "empty answer");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                return ServiceReport.Unreachable(service, $"{ex.GetType().Name}: {ex.Message}");
            }
        }));
        return new SystemReport(reports);
    }

    /// <summary>
    /// Polls the checker until <paramref name="done"/> holds (default: converged) or the deadline
    /// passes; returns the time it took (null if it never did) and the last report.
    /// </summary>
    public static async Task<(TimeSpan? Elapsed, SystemReport Report)> WaitForConvergenceAsync(
        this IServiceCluster system, TimeSpan within, Func<SystemReport, bool>? done = null)
    {
        done ??= report => report.Converged;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var report = await system.CheckConvergenceAsync();
            if (done(report))
            {
                return (clock.Elapsed, report);
            }
            if (clock.Elapsed > within)
            {
                return (null, report);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>
    /// Effects committed twice since <paramref name="since"/>: one (type, aggregate, version) with
    /// more than one <c>applied</c> inbox row in any service. The inbox's key makes a message id
    /// unique; this counts the effect itself, whatever message ids carried it.
    /// </summary>
    public static async Task<long> EffectsAppliedTwiceAsync(this IServiceCluster system, DateTimeOffset since)
    {
        long twice = 0;
        foreach (var database in RunningSystem.DatabaseNames)
        {
            await using var connection = await system.OpenDatabaseAsync(database);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT count(*) FROM (
                    SELECT 1 FROM sync_inbox WHERE outcome = 'applied'
                    GROUP BY type, aggregate_id, version
                    HAVING count(*) > 1 AND max(applied_at) >= $1) AS doubled
                """;
            command.Parameters.AddWithValue(since);
            twice += (long)(await command.ExecuteScalarAsync())!;
        }
        return twice;
    }
}
