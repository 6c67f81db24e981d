namespace FoodDelivery.Benchmarks;

/// <summary>
/// Refuses a noisy section: runs it, and when the machine was busy with work outside this run's processes, runs
/// it once more and keeps the second attempt, marked noisy if it was noisy too (the machine is shared with other
/// sessions here, so a third try could wait forever). <c>--noisy mark</c> marks without repeating.
/// <para>
/// Noisy means CPU pressure (/proc/pressure/cpu, some avg10) of at least <see cref="PressureBeforeLimit"/>% just
/// before the section, while only this run's idle services were running (after waiting up to <see cref="Settling"/>
/// for the pressure of this run's previous section, which avg10 still carries, to fade), or on average at least
/// <see cref="OutsideCoresLimit"/> cores busy outside this run's processes during it (the machine's busy time
/// minus every process group of the CPU table). Pressure during the section is reported, not judged: this run's
/// own load raises it.
/// </para>
/// </summary>
public sealed class NoiseGuard(ProcessSampler sampler, bool repeat = true)
{
    public const double PressureBeforeLimit = 25;
    public const double OutsideCoresLimit = 0.25;
    static readonly TimeSpan Settling = TimeSpan.FromSeconds(30);

    readonly List<SectionNoise> sections = [];

    public IReadOnlyList<SectionNoise> Sections => sections;

    public async Task<T> RunAsync<T>(string section, int run, Func<Task<T>> measure, Func<Task>? settle = null)
    {
        var (result, noise) = await AttemptAsync(section, run, measure, repeated: false);
        if (noise.Noisy && repeat)
        {
            Console.WriteLine($"  {section}: noisy (pressure before {noise.PressureBefore:F0}%, {noise.OutsideCores:F2} cores outside this run); repeating once.");
            if (settle is not null)
            {
                await settle();
            }
            (result, noise) = await AttemptAsync(section, run, measure, repeated: true);
        }
        sections.Add(noise);
        return result;
    }

    async Task<(T, SectionNoise)> AttemptAsync<T>(string section, int run, Func<Task<T>> measure, bool repeated)
    {
        var before = await SettledPressureAsync();
        var start = sampler.MarkCpu();
        using var stop = new CancellationTokenSource();
        var during = WatchPressureAsync(stop.Token);
        var result = await measure();
        await stop.CancelAsync();
        var maxDuring = await during;
        var outside = ProcessSampler.Between(section, start, sampler.MarkCpu(), events: 0).OtherCores;
        var noisy = before >= PressureBeforeLimit || outside >= OutsideCoresLimit;
        return (result, new SectionNoise(section, run, before, maxDuring, outside, repeated, noisy));
    }

    /// <summary>The pressure once it fell under the limit, or after <see cref="Settling"/> if it did not (someone else's work).</summary>
    static async Task<double?> SettledPressureAsync()
    {
        var until = DateTime.UtcNow + Settling;
        var pressure = ProcessTable.CpuPressure();
        while (pressure >= PressureBeforeLimit && DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            pressure = ProcessTable.CpuPressure();
        }
        return pressure;
    }

    static async Task<double?> WatchPressureAsync(CancellationToken ct)
    {
        double? highest = ProcessTable.CpuPressure();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (ProcessTable.CpuPressure() is { } now)
                {
                    highest = Math.Max(highest ?? 0, now);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The section is over.
        }
        return highest;
    }
}
