using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Telemetry;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// The alert rules and the Grafana dashboard of monitoring/ name the engine's metrics exactly as the
/// OpenTelemetry Collector's prometheus exporter spells them (translation strategy
/// UnderscoreEscapingWithSuffixes, the OTel-to-Prometheus compatibility rules): every character outside
/// [a-zA-Z0-9_] becomes <c>_</c>, the unit is appended (<c>s</c> as <c>seconds</c>; an annotation such as
/// <c>{message}</c> is dropped), counters end in <c>_total</c>, histograms are <c>_bucket</c>, <c>_sum</c> and
/// <c>_count</c>; attribute keys become labels the same way. A name off by a suffix would leave an alert silent.
/// </summary>
public sealed partial class PrometheusNameTests
{
    sealed record Instrument(string Name, string? Unit, string Kind, HashSet<string> Labels);

    [Fact]
    public void Every_engine_metric_and_label_the_rules_and_dashboard_name_is_one_the_exporter_serves()
    {
        var instruments = EngineInstruments();
        var served = instruments.SelectMany(SeriesNames).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("fooddelivery_sync_outbox_oldest_age_seconds", served);
        Assert.Contains("messaging_client_consumed_messages_total", served);

        var folder = Path.Combine(RepositoryRoot(), "monitoring");
        var expressions = Directory.GetFiles(Path.Combine(folder, "prometheus"), "*.yml")
            .Where(f => !f.EndsWith(".test.yml", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Concat(Directory.GetFiles(Path.Combine(folder, "grafana"), "*.json").Select(File.ReadAllText))
            .ToList();
        var named = expressions.SelectMany(text => EngineMetric().Matches(WithoutLabels(text)).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(named);
        var unknown = named.Where(name => !served.Contains(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, $"named but never served: {string.Join(", ", unknown)}; served: {string.Join(", ", served.Order(StringComparer.Ordinal))}");

        // Label matchers on the engine's metrics, e.g. messaging_client_consumed_messages_total{fooddelivery_sync_outcome="dead_lettered"}.
        var labels = instruments.SelectMany(i => i.Labels.Select(Escape)).ToHashSet(StringComparer.Ordinal);
        var matched = expressions.SelectMany(text => Matcher().Matches(text).Select(m => m.Groups["label"].Value)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("fooddelivery_sync_outcome", matched);
        Assert.All(matched, label => Assert.Contains(label, labels));
    }

    /// <summary>The engine's instruments with their units and kinds, and the attribute keys of one measurement of each.</summary>
    static List<Instrument> EngineInstruments()
    {
        var found = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SyncMetrics.MeterName)
            {
                var kind = instrument switch
                {
                    Counter<long> => "counter",
                    Histogram<double> => "histogram",
                    _ when instrument.IsObservable && instrument.GetType().Name.StartsWith("ObservableGauge", StringComparison.Ordinal) => "gauge",
                    _ => instrument.GetType().Name,
                };
                found[instrument.Name] = new Instrument(instrument.Name, instrument.Unit, kind, []);
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(System.Diagnostics.Metrics.Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            foreach (var tag in tags)
            {
                found[instrument.Name].Labels.Add(tag.Key);
            }
        }
        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.SetMeasurementEventCallback<int>(Record);
        listener.Start();

        using var meters = new SingleMeterFactory();
        using var metrics = new SyncMetrics(meters, new SyncStatus());
        metrics.Published("fooddelivery.menu", "MenuItemChanged");
        metrics.Consumed("orders.changes", "MenuItemChanged", ChangeOutcome.DeadLettered);
        metrics.Lag("MenuItemChanged", TimeSpan.FromSeconds(1));
        metrics.ConsumerAttached();
        listener.RecordObservableInstruments();
        Assert.NotEmpty(found);
        return [.. found.Values];
    }

    /// <summary>The text without label matchers, groupings and <c>$labels.x</c> in templates: what is left names metrics.</summary>
    static string WithoutLabels(string text)
    {
        text = TemplateLabel().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        for (var previous = ""; previous != text;)
        {
            previous = text;
            text = Braces().Replace(text, " ");
        }
        return text;
    }

    static IEnumerable<string> SeriesNames(Instrument instrument)
    {
        var name = Escape(instrument.Name);
        var unit = Unit(instrument.Unit, instrument.Kind);
        if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }
        return instrument.Kind switch
        {
            "counter" => [name + "_total"],
            "histogram" => [name + "_bucket", name + "_sum", name + "_count"],
            _ => [name],
        };
    }

    /// <summary>The unit as a suffix: annotations in braces dropped, the UCUM units the engine uses spelled out.</summary>
    static string Unit(string? unit, string kind)
    {
        var main = Annotation().Replace(unit ?? "", "").Trim();
        return main switch
        {
            "" => "",
            "1" => kind == "gauge" ? "ratio" : "",
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => throw new InvalidOperationException($"Add the unit {main} to this test's table (see the OTel to Prometheus compatibility rules)."),
        };
    }

    static string Escape(string name) => Underscores().Replace(NotLabelCharacter().Replace(name, "_"), "_").Trim('_');

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoodDelivery.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("FoodDelivery.slnx not found above the test's directory.");
    }

    /// <summary>Hands the engine one plain Meter, as the host's meter factory does.</summary>
    sealed class SingleMeterFactory : IMeterFactory
    {
        readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }

    [GeneratedRegex(@"\b(fooddelivery_[a-z0-9_]+|messaging_client_[a-z0-9_]+)\b")]
    private static partial Regex EngineMetric();

    [GeneratedRegex(@"(?:fooddelivery_[a-z0-9_]+|messaging_client_[a-z0-9_]+)\{[^}]*?\b(?<label>[a-z_][a-z0-9_]*)\s*(=~|!=|!~|=)")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Annotation();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$labels\.[a-zA-Z0-9_]+")]
    private static partial Regex TemplateLabel();

    [GeneratedRegex("[^a-zA-Z0-9_]")]
    private static partial Regex NotLabelCharacter();

    [GeneratedRegex("__+")]
    private static partial Regex Underscores();
}
