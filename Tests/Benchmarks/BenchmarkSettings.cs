using System.Globalization;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Command-line settings. The full run is sized to finish in about ten minutes on the project's
/// two-core machine; <c>--quick</c> shrinks every section to a smoke run of a minute or two.
/// </summary>
public sealed record BenchmarkSettings(
    IReadOnlySet<string> Sections,
    bool Quick,
    int LagWrites,
    int LagRatePerSecond,
    int RawMessages,
    IReadOnlyList<int> RampRates,
    TimeSpan RampStep,
    int RecoveryEvents,
    TimeSpan IdleWindow,
    IReadOnlyDictionary<string, string> ServiceEnvironment,
    int Clusters,
    int Replicas,
    IReadOnlyList<RawTopology> RawTopologies,
    int RunCount,
    bool RepeatNoisySections)
{
    public static readonly string[] AllSections = ["raw", "throughput", "lag", "recovery"];

    public bool Runs(string section) => Sections.Contains(section);

    /// <summary>How long one fixed-rate lag run lasts (the 80% run lasts as long).</summary>
    public double LagSeconds => (double)LagWrites / LagRatePerSecond;

    /// <summary>Every <c>--service-env NAME=VALUE</c> (repeatable): set for all seven services.</summary>
    static Dictionary<string, string> ServiceEnvironmentOf(string[] args) =>
        args.Zip(args.Skip(1)).Where(pair => pair.First == "--service-env").Select(pair => pair.Second.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    public static BenchmarkSettings Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => int.Parse(Value(name) ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        var quick = args.Contains("--quick");
        var sections = (Value("--sections")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? AllSections)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = sections.Except(AllSections, StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown section(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllSections)}.");
        }
        int[] rampRates = quick ? [25, 50, 100] : [50, 100, 150, 200, 300, 400, 500, 600, 800];
        if (Value("--ramp") is { } ramp)
        {
            rampRates = ramp.Split(',').Select(rate => int.Parse(rate, CultureInfo.InvariantCulture)).ToArray();
        }
        return new BenchmarkSettings(
            sections,
            quick,
            LagWrites: Number("--writes", quick ? 300 : 2000),
            LagRatePerSecond: Number("--rate", 100),
            RawMessages: Number("--raw-messages", quick ? 2000 : 20000),
            RampRates: rampRates,
            RampStep: TimeSpan.FromSeconds(Number("--step-seconds", quick ? 3 : 10)),
            RecoveryEvents: Number("--recovery-events", quick ? 1000 : 10000),
            IdleWindow: TimeSpan.FromSeconds(quick ? 3 : 10),
            ServiceEnvironment: ServiceEnvironmentOf(args),
            Clusters: Number("--clusters", 1),
            // Processes per service (the AppHost's Services:Replicas): the recovery drain then has that many consumers.
            Replicas: Number("--replicas", 1),
            // The full run measures both baselines once, so tables before issue 31 (old) can be followed.
            RawTopologies: RawTopology.Parse(Value("--raw-topology") ?? (quick || Value("--sections") is not null ? "same" : "both")),
            // Interleaved runs of the sections (raw, system, raw, system, ...): the targets take their medians.
            RunCount: Math.Max(1, Number("--runs", 1)),
            // repeat (default): a noisy section runs once more before it is marked; mark: marked at once.
            RepeatNoisySections: (Value("--noisy") ?? "repeat") switch
            {
                "repeat" => true,
                "mark" => false,
                var other => throw new ArgumentException($"--noisy takes repeat or mark, not {other}."),
            });
    }
}
