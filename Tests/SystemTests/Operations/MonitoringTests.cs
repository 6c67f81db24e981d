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

    /// <summary>
    /// Metric names in the PromQL of the dashboard (every <c>expr</c> of its JSON) and of the rules (every
    /// <c>expr:</c> line), with label matchers and groupings taken out first.
    /// </summary>
    static IEnumerable<string> NamedMetrics()
    {
        var folder = Path.Combine(RepositoryRoot(), "monitoring");
        var dashboards = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories);
        var rules = Directory.GetFiles(folder, "*.yml", SearchOption.AllDirectories);
        Assert.NotEmpty(dashboards);
        Assert.NotEmpty(rules);
        var expressions = dashboards.SelectMany(file => Expressions(System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement))
            .Concat(rules.SelectMany(File.ReadAllLines).Select(line => line.Trim())
                .Where(line => line.StartsWith("expr:", StringComparison.Ordinal)).Select(line => line["expr:".Length..]))
            .ToList();
        Assert.NotEmpty(expressions);
        foreach (var expression in expressions)
        {
            var text = Grouping().Replace(Braces().Replace(expression, " "), " ");
            foreach (Match match in MetricName().Matches(text))
            {
                yield return match.Value;
            }
        }
    }

    static IEnumerable<string> Expressions(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().SelectMany(property =>
            property is { Name: "expr", Value.ValueKind: System.Text.Json.JsonValueKind.String } ? [property.Value.GetString()!] : Expressions(property.Value)),
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().SelectMany(Expressions),
        _ => [],
    };

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
