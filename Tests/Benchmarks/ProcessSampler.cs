using System.Collections.Concurrent;
using System.Diagnostics;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Samples every service's resident memory twice a second, keeping the peak per phase ("idle" or
/// "load"), and takes CPU-time marks of every process of this run: each service (and its <c>dotnet run</c>
/// wrapper, apart, where it has one), the broker, the database server (its exited backends included), the
/// orchestrator's processes and the benchmark itself (the load generator, which also hosts the AppHost).
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    public const string Idle = "idle";
    public const string Load = "load";
    const string Broker = "rabbitmq";
    const string Database = "postgres";
    public const string Client = "benchmark client";
    public const string Wrappers = "dotnet run wrappers";
    public const string Orchestrator = "orchestrator (DCP)";

    readonly BenchmarkSystem system;
    readonly ConcurrentDictionary<(string Service, string Phase), long> peakKb = new();
    readonly ConcurrentDictionary<string, long> lifetimeKb = new();
    readonly CancellationTokenSource stopping = new();
    readonly Task sampling;
    volatile string? phase;

    public ProcessSampler(BenchmarkSystem system)
    {
        this.system = system;
        sampling = SampleAsync(stopping.Token);
    }

    /// <summary>Which phase the next samples belong to; null pauses sampling.</summary>
    public string? Phase { get => phase; set => phase = value; }

    async Task SampleAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (phase is not { } current)
                {
                    continue;
                }
                // Each process of a service (one per replica; none while the recovery section has it stopped).
                foreach (var (service, root) in BenchmarkSystem.ServiceNames.SelectMany(service => system.ProcessIds(service).Select(root => (service, root))))
                {
                    var pid = ProcessTable.WorkingProcess(root);
                    if (ProcessTable.MemoryKb(pid, "VmRSS") is { } rss)
                    {
                        peakKb.AddOrUpdate((service, current), rss, (_, seen) => Math.Max(seen, rss));
                    }
                    if (ProcessTable.MemoryKb(pid, "VmHWM") is { } hwm)
                    {
                        lifetimeKb.AddOrUpdate(service, hwm, (_, seen) => Math.Max(seen, hwm));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Done.
        }
    }

    public IReadOnlyList<ServiceMemory> Memory() =>
        BenchmarkSystem.ServiceNames.Select(service => new ServiceMemory(service,
            Mb(peakKb.GetValueOrDefault((service, Idle))),
            Mb(peakKb.GetValueOrDefault((service, Load))),
            Mb(lifetimeKb.GetValueOrDefault(service)))).ToList();

    static double Mb(long kb) => kb / 1024.0;

    /// <summary>CPU ticks so far of each process group of this run, and of the whole machine.</summary>
    public CpuMark MarkCpu()
    {
        var ticks = new Dictionary<string, long>();
        var counted = new HashSet<int> { Environment.ProcessId };
        ticks[Wrappers] = 0;
        foreach (var service in BenchmarkSystem.ServiceNames)
        {
            // The orchestrator's pid is the service itself when it started from its build output, or a `dotnet run`
            // wrapper with the service below it (Aspire's default launch). Replicas add up.
            ticks[service] = 0;
            foreach (var root in system.ProcessIds(service))
            {
                counted.UnionWith(ProcessTable.SelfAndDescendants(root));
                var below = ProcessTable.SelfAndDescendants(root).Skip(1).ToList();
                if (below.Count == 0)
                {
                    ticks[service] += ProcessTable.CpuTicks(root);
                }
                else
                {
                    ticks[Wrappers] += ProcessTable.CpuTicks(root);
                    ticks[service] += below.Sum(ProcessTable.CpuTicks);
                }
            }
        }
        foreach (var (component, resource) in new[] { (Broker, "messaging"), (Database, "postgres") })
        {
            var tree = system.ProcessIds(resource).SelectMany(ProcessTable.SelfAndDescendants).ToList();
            counted.UnionWith(tree);
            ticks[component] = tree.Sum(ProcessTable.CpuTicks);
        }
        // The rest of the orchestrator (dcp and its helpers, which start every resource; dcp detaches from this
        // process) and anything else below this process.
        // Their own time only: a resource it reaped (a stopped service) was counted under that resource already.
        var orchestrators = system.ProcessIds("messaging").Select(ProcessTable.TopAncestor).Append(Environment.ProcessId).Distinct();
        ticks[Orchestrator] = orchestrators.SelectMany(ProcessTable.SelfAndDescendants).Distinct()
            .Where(pid => !counted.Contains(pid)).Sum(ProcessTable.OwnCpuTicks);
        ticks[Client] = ProcessTable.CpuTicks(Environment.ProcessId);
        return new CpuMark(Stopwatch.GetTimestamp(), ProcessTable.MachineBusyTicks(), ticks);
    }

    /// <summary>A mark before anything of this run existed: every process group at zero.</summary>
    public static CpuMark Origin() => new(Stopwatch.GetTimestamp(), ProcessTable.MachineBusyTicks(), new Dictionary<string, long>());

    public static CpuProfile Between(string phase, CpuMark start, CpuMark end, int events)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        double Cores(long ticks) => ticks / ProcessTable.TicksPerSecond / seconds;
        return new CpuProfile(phase, seconds, events, Cores(end.MachineTicks - start.MachineTicks),
            end.Ticks.ToDictionary(pair => pair.Key, pair => Cores(Math.Max(0, pair.Value - start.Ticks.GetValueOrDefault(pair.Key)))));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await sampling;
        stopping.Dispose();
    }
}
