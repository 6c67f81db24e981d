using System.Globalization;
using System.Text;
using ScottPlot;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Draws a <see cref="BenchmarkReport"/> as SVG charts next to its Markdown: replication lag against
/// write rate, the system's rate beside the raw broker's, and where the CPU went per phase. A chart
/// whose section did not run is not drawn.
/// </summary>
public static class BenchmarkCharts
{
    const int Width = 1000;
    const int Height = 560;

    static readonly Color SystemColor = new ScottPlot.Palettes.Category10().GetColor(0);
    static readonly Color RawColor = new ScottPlot.Palettes.Category10().GetColor(7);

    /// <summary>Writes the charts as <c>&lt;basePath&gt;-&lt;name&gt;.svg</c>; returns each file's name and caption.</summary>
    public static IReadOnlyList<(string File, string Caption)> Draw(BenchmarkReport report, string basePath)
    {
        var drawn = new List<(string, string)>();
        void Save(Plot? plot, string name, string caption)
        {
            if (plot is null)
            {
                return;
            }
            var path = $"{basePath}-{name}.svg";
            plot.SaveSvg(path, Width, Height);
            drawn.Add((Path.GetFileName(path), caption));
        }
        Save(Lag(report), "lag", "Replication lag percentiles against write rate");
        Save(Throughput(report), "throughput", "System beside the raw broker");
        Save(Cpu(report), "cpu", "CPU per process and phase");
        return drawn;
    }

    /// <summary>The Markdown section that shows the charts (relative links: the SVGs sit beside the .md).</summary>
    public static string Markdown(IReadOnlyList<(string File, string Caption)> charts)
    {
        if (charts.Count == 0)
        {
            return "";
        }
        var md = new StringBuilder("\n#### Charts\n\n");
        foreach (var (file, caption) in charts)
        {
            md.Append(CultureInfo.InvariantCulture, $"![{caption}]({file})\n\n");
        }
        return md.ToString();
    }

    /// <summary>
    /// p50/p95/p99 of each ramp step (lines) and of the fixed-rate runs (diamonds) against the rate
    /// achieved, with the raw broker's p99 at the same rate. Log scale: a step past the limit lags
    /// seconds where the others lag tens of milliseconds.
    /// </summary>
    static Plot? Lag(BenchmarkReport report)
    {
        var steps = report.Throughput?.Steps.OrderBy(step => step.AchievedRatePerSecond).ToList() ?? [];
        if (steps.Count == 0 && report.Lag.Count == 0)
        {
            return null;
        }
        var plot = NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        (string Name, Func<Percentiles, double> Of, Color Color)[] percentiles =
        [
            ("p50", p => p.P50, palette.GetColor(0)),
            ("p95", p => p.P95, palette.GetColor(1)),
            ("p99", p => p.P99, palette.GetColor(3)),
        ];
        foreach (var (name, of, color) in percentiles)
        {
            var ramp = Points(steps.Select(step => (step.AchievedRatePerSecond, of(step.ReplicationLagMs))));
            if (ramp.Xs.Length > 0)
            {
                var line = plot.Add.Scatter(ramp.Xs, ramp.Ys, color);
                line.LegendText = $"{name}, throughput ramp";
                line.LineWidth = 2;
                line.MarkerSize = 7;
            }
            var fixedRate = Points(report.Lag.Select(lag => (lag.AchievedRatePerSecond, of(lag.ReplicationLagMs))));
            if (fixedRate.Xs.Length > 0)
            {
                var runs = plot.Add.Scatter(fixedRate.Xs, fixedRate.Ys, color);
                runs.LegendText = $"{name}, fixed-rate runs";
                runs.LineWidth = 0;
                runs.MarkerShape = MarkerShape.FilledDiamond;
                runs.MarkerSize = 14;
            }
        }
        var raw = Points(report.Lag.Where(lag => lag.RawAtSameRate is not null)
            .Select(lag => (lag.RawAtSameRate!.PublishedPerSecond, lag.RawAtSameRate.LatencyMs.P99)));
        if (raw.Xs.Length > 0)
        {
            var baseline = plot.Add.Scatter(raw.Xs, raw.Ys, RawColor);
            baseline.LegendText = "p99, raw broker at the same rate";
            baseline.LineWidth = 0;
            baseline.MarkerShape = MarkerShape.FilledTriangleUp;
            baseline.MarkerSize = 12;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = log => Math.Pow(10, log).ToString("N0", CultureInfo.InvariantCulture),
        };
        plot.Title($"Replication lag against write rate{QuickNote(report)}");
        plot.XLabel("owner writes per second (achieved)");
        plot.YLabel("commit -> replica applied, ms (log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        // Whole decades, so the log axis always has at least two labelled ticks.
        var logs = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().SelectMany(series => series.Data.GetScatterPoints()).ToList();
        if (logs.Count == 0)
        {
            return null;
        }
        var bottom = Math.Floor(logs.Min(point => point.Y));
        plot.Axes.SetLimits(0, logs.Max(point => point.X) * 1.05, bottom, Math.Max(bottom + 1, Math.Ceiling(logs.Max(point => point.Y))));
        return plot;

        // Log scale: only positive, finite values can be drawn.
        static (double[] Xs, double[] Ys) Points(IEnumerable<(double X, double Y)> points)
        {
            var kept = points.Where(point => double.IsFinite(point.X) && double.IsFinite(point.Y) && point.Y > 0).ToList();
            return (kept.Select(point => point.X).ToArray(), kept.Select(point => Math.Log10(point.Y)).ToArray());
        }
    }

    /// <summary>
    /// Messages per second: the raw broker's flat-out publish and delivered-to-every-queue rates beside
    /// the system's highest sustained owner-write rate and the replica updates it applied then.
    /// </summary>
    static Plot? Throughput(BenchmarkReport report)
    {
        var bars = new List<(string Label, double Value, Color Color)>();
        if (report.RawMax is { } raw)
        {
            bars.Add(("raw broker:\npublished/s", raw.PublishedPerSecond, RawColor));
            bars.Add(("raw broker:\ndelivered/s (to all queues)", raw.DeliveredPerSecond, RawColor));
        }
        if (report.Throughput is { } throughput)
        {
            bars.Add(("system: owner writes/s\n(highest sustained)", throughput.HighestSustainedRate, SystemColor));
            bars.Add(("system: replica updates\napplied/s (at that rate)", throughput.AppliedPerSecondAtHighest, SystemColor));
        }
        if (bars.Count == 0)
        {
            return null;
        }
        var plot = NewPlot();
        var drawn = plot.Add.Bars(bars.Select((bar, i) => new Bar
        {
            Position = i,
            Value = double.IsFinite(bar.Value) ? bar.Value : 0,
            FillColor = bar.Color,
            Label = double.IsFinite(bar.Value) ? bar.Value.ToString("N0", CultureInfo.InvariantCulture) : "-",
        }).ToArray());
        drawn.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), bars.Select(bar => bar.Label).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        var ratio = report.Throughput is { } system && report.RawMax is { DeliveredPerSecond: > 0 } baseline
            ? $": the system sustains {(100 * system.HighestSustainedRate / baseline.DeliveredPerSecond).ToString("F0", CultureInfo.InvariantCulture)}% of raw"
            : "";
        plot.Title($"System beside the raw broker{ratio}{QuickNote(report)}");
        plot.YLabel("messages per second");
        return plot;
    }

    /// <summary>
    /// Cores busy on average in each phase, stacked by process group (the report's CPU table), with
    /// the machine's busy time that none of the run's processes account for as "other processes".
    /// </summary>
    static Plot? Cpu(BenchmarkReport report)
    {
        var profiles = report.CpuProfiles();
        if (profiles.Count == 0)
        {
            return null;
        }
        var components = profiles.SelectMany(profile => profile.CoresByComponent.Keys).Distinct().Append("other processes").ToList();
        var palette = new ScottPlot.Palettes.Category20();
        var colors = components.Select((component, i) => component == "other processes" ? Colors.LightGray : palette.GetColor(i)).ToList();
        var plot = NewPlot();
        var bars = new List<Bar>();
        // Top to bottom in the order the phases ran.
        for (var row = 0; row < profiles.Count; row++)
        {
            var profile = profiles[row];
            var position = profiles.Count - 1 - row;
            var stacked = 0.0;
            for (var c = 0; c < components.Count; c++)
            {
                var cores = components[c] == "other processes"
                    ? Math.Max(0, profile.OtherCores)
                    : profile.CoresByComponent.GetValueOrDefault(components[c]);
                if (!double.IsFinite(cores) || cores <= 0)
                {
                    continue;
                }
                bars.Add(new Bar { Position = position, ValueBase = stacked, Value = stacked + cores, FillColor = colors[c], LineWidth = 0 });
                stacked += cores;
            }
        }
        plot.Add.Bars(bars.ToArray()).Horizontal = true;
        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, profiles.Count).Select(row => (double)(profiles.Count - 1 - row)).ToArray(),
            profiles.Select(profile => profile.Phase).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0);
        foreach (var (component, color) in components.Zip(colors))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = component, FillColor = color });
        }
        plot.ShowLegend(Edge.Right);
        plot.Title($"Where the CPU went, per phase{QuickNote(report)}");
        plot.XLabel("cores busy on average (the report's machine line says how many it has)");
        return plot;
    }

    /// <summary>
    /// A sans face that is installed: ScottPlot's own pick falls back to a serif face on Debian, which
    /// reads worse at small sizes. The name is written into the SVG, so a common face travels best.
    /// </summary>
    static readonly string SansFace = new[] { "DejaVu Sans", "Liberation Sans", "Helvetica", "Arial", "Segoe UI" }
        .Intersect(SkiaSharp.SKFontManager.Default.GetFontFamilies()).FirstOrDefault() ?? Fonts.Sans;

    static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(SansFace);
        return plot;
    }

    static string QuickNote(BenchmarkReport report) => report.Quick ? " (quick smoke run)" : "";
}
