using System.Text.RegularExpressions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The production dashboard and alert rules (<c>monitoring/</c>) name only metrics that exist: every
/// FoodDelivery metric is one some service exports (in its Prometheus spelling), every RabbitMQ metric
/// one the broker's Prometheus plugin serves. A renamed metric would otherwise leave a panel empty and an
/// alert silent forever.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed partial class MonitoringTests(RunningSystem system)
{
    const string BrokerFamilies = "/metrics/detailed?family=queue_coarse_metrics&family=queue_consumer_count";

    [Fact]
    public async Task Every_metric_the_dashboard_and_alerts_name_is_emitted()
    {
        var named = NamedMetrics().ToList();
        Assert.Contains(named, name => name.StartsWith("fooddelivery_", StringComparison.Ordinal));
        Assert.Contains(named, name => name.StartsWith("rabbitmq_", StringComparison.Ordinal));

        // A change makes the event metrics (published, consumed, lag) exist; the gauges exist from the start.
        await system.CreateKnownToMenuAsync();
        var serviceMetrics = named.Where(name => !name.StartsWith("rabbitmq_", StringComparison.Ordinal)).Distinct().ToList();
        await Eventually.AssertAsync(() =>
        {
            var emitted = system.Telemetry.MetricNames.Select(PrometheusName).ToHashSet(StringComparer.Ordinal);
            var missing = serviceMetrics.Where(name => !emitted.Contains(WithoutSuffixes(name))).ToList();
            Assert.True(missing.Count == 0, $"not emitted by any service: {string.Join(", ", missing)} (emitted: {string.Join(", ", emitted.Order())})");
            return Task.CompletedTask;
        }, TimeSpan.FromMinutes(2));

        using var broker = new HttpClient { BaseAddress = new Uri(system.App.GetEndpoint("messaging", "prometheus").ToString()) };
        var served = MetricLine().Matches(await broker.GetStringAsync(BrokerFamilies) + "\n" + await broker.GetStringAsync("/metrics"))
            .Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var unserved = named.Where(name => name.StartsWith("rabbitmq_", StringComparison.Ordinal) && !served.Contains(name)).Distinct().ToList();
        Assert.True(unserved.Count == 0, $"not served by the broker: {string.Join(", ", unserved)}");
    }

    /// <summary>Metric names in the PromQL of the dashboard and the rules: label matchers, groupings and legends taken out first.</summary>
    static IEnumerable<string> NamedMetrics()
    {
        var folder = Path.Combine(RepositoryRoot(), "monitoring");
        var files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(folder, "*.yml", SearchOption.AllDirectories)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            string previous;
            do
            {
                previous = text;
                text = Braces().Replace(text, " ");
            }
            while (text != previous);
            text = Grouping().Replace(text, " ");
            foreach (Match match in MetricName().Matches(text))
            {
                yield return match.Value;
            }
        }
    }

    /// <summary>How an OTLP metric name reads in Prometheus, without unit and type suffixes.</summary>
    static string PrometheusName(string otlpName) => otlpName.Replace('.', '_');

    static string WithoutSuffixes(string prometheusName) =>
        Suffixes().Replace(prometheusName, "");

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

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\b(fooddelivery_[a-z0-9_]+|messaging_client_[a-z0-9_]+|rabbitmq_[a-z0-9_]+)\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"((_seconds)?(_bucket|_sum|_count|_total)?)$")]
    private static partial Regex Suffixes();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", RegexOptions.Multiline)]
    private static partial Regex MetricLine();
}
