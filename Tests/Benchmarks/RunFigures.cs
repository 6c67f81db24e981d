namespace FoodDelivery.Benchmarks;

/// <summary>
/// The headline figures of one run of the sections (NaN where a section did not run), so <c>--runs N</c>
/// can report each run and judge the targets on their medians.
/// </summary>
public sealed record RunFigures(
    int Run,
    double RawDeliveredPerSecond,
    double RawOldDeliveredPerSecond,
    double SustainedWritesPerSecond,
    double LagP99Ms,
    double RawP99AtSameRateMs,
    double SystemCpuMsPerWrite,
    double AllCpuMsPerWrite,
    double StatementsPerWrite,
    double TransactionsPerWrite,
    double DrainPerSecond)
{
    /// <summary>Processes that are not the system's: the load generator (with the in-process AppHost) and the orchestrator.</summary>
    public static bool IsSystemProcess(string component) =>
        component is not (ProcessSampler.Client or ProcessSampler.Wrappers or ProcessSampler.Orchestrator);

    public static RunFigures Of(int run, RawRun? raw, RawRun? rawOld, ThroughputResult? throughput, LagResult? moderate, RecoveryResult? recovery) =>
        new(run,
            raw?.DeliveredPerSecond ?? double.NaN,
            rawOld?.DeliveredPerSecond ?? double.NaN,
            throughput?.HighestSustainedRate ?? double.NaN,
            moderate?.ReplicationLagMs.P99 ?? double.NaN,
            moderate?.RawAtSameRate?.LatencyMs.P99 ?? double.NaN,
            moderate is null ? double.NaN : CpuMsPerWrite(moderate.Cpu, IsSystemProcess),
            moderate is null ? double.NaN : CpuMsPerWrite(moderate.Cpu, _ => true),
            moderate?.Statements?.StatementsPerWrite ?? double.NaN,
            moderate?.Statements?.TransactionsPerWrite ?? double.NaN,
            recovery?.DrainPerSecond ?? double.NaN);

    public static double CpuMsPerWrite(CpuProfile cpu, Func<string, bool> counts) =>
        cpu.CoresByComponent.Keys.Where(counts).Sum(cpu.MillisecondsPerEvent);

    /// <summary>Each figure's median over the runs (NaN runs left out); run 0 stands for the median.</summary>
    public static RunFigures Median(IReadOnlyList<RunFigures> runs)
    {
        double Of(Func<RunFigures, double> figure)
        {
            var values = runs.Select(figure).Where(double.IsFinite).Order().ToArray();
            return values.Length == 0 ? double.NaN
                : values.Length % 2 == 1 ? values[values.Length / 2]
                : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
        }
        return new RunFigures(0, Of(r => r.RawDeliveredPerSecond), Of(r => r.RawOldDeliveredPerSecond), Of(r => r.SustainedWritesPerSecond),
            Of(r => r.LagP99Ms), Of(r => r.RawP99AtSameRateMs), Of(r => r.SystemCpuMsPerWrite), Of(r => r.AllCpuMsPerWrite),
            Of(r => r.StatementsPerWrite), Of(r => r.TransactionsPerWrite), Of(r => r.DrainPerSecond));
    }
}
