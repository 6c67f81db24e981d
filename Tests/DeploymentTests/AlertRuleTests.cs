using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The alert rules of monitoring/prometheus, and the PrometheusRule the generator ships of them, pass
/// <c>promtool check rules</c> and the unit tests of <c>fooddelivery-sync-alerts.test.yml</c>; and those tests
/// would notice an alert that never fires or always fires, so each alert has a series that fires it and one
/// that does not.
/// </summary>
public sealed class AlertRuleTests
{
    const string RulesName = "fooddelivery-sync-alerts";

    static string Sources => Path.Combine(Repository.Root, "monitoring", "prometheus");

    static string TestFile => Path.Combine(Sources, RulesName + MonitoringComponent.RuleTestSuffix);

    [Fact]
    public void The_rule_file_passes_promtool_check_and_its_unit_tests()
    {
        AssertSucceeds(Promtool.Run(Sources, "check", "rules", RulesName + ".yml"));
        AssertSucceeds(Promtool.Run(Sources, "test", "rules", Path.GetFileName(TestFile)));
    }

    [Fact]
    public void The_shipped_prometheus_rule_passes_promtool_check_and_the_same_unit_tests()
    {
        var shipped = Path.Combine(Repository.ManifestDirectory, MonitoringComponent.FolderName, $"{RulesName}-rule.yaml");
        var rule = (JsonObject)YamlDocuments.Load(File.ReadAllText(shipped)).Single()!;
        Assert.Equal("PrometheusRule", (string?)rule["kind"]);
        var groups = rule["spec"]!["groups"]!.DeepClone();
        using var folder = new RulesFolder(new JsonObject { ["groups"] = groups });
        AssertSucceeds(folder.Check());
        AssertSucceeds(folder.Test());
    }

    [Fact]
    public void Every_alert_is_tested_both_firing_and_silent()
    {
        var rules = Rules();
        var alerts = rules["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["alert"]!).ToList();
        Assert.NotEmpty(alerts);
        using (var unchanged = new RulesFolder(rules))
        {
            AssertSucceeds(unchanged.Test());
        }
        var untested = new List<string>();
        foreach (var alert in alerts)
        {
            // An alert that never fires fails a test that expects it; one that always fires fails a test that expects silence.
            foreach (var (expression, meaning) in new[] { ("vector(1) > 2", "never fires"), ("vector(1)", "always fires") })
            {
                var mutated = Rules();
                mutated["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Single(r => (string?)r!["alert"] == alert)!["expr"] = expression;
                using var folder = new RulesFolder(mutated);
                if (folder.Test().Succeeded)
                {
                    untested.Add($"{alert}: the tests pass when it {meaning}");
                }
            }
        }
        Assert.Empty(untested);
    }

    static JsonObject Rules() => (JsonObject)YamlDocuments.Load(File.ReadAllText(Path.Combine(Sources, RulesName + ".yml"))).Single()!;

    static void AssertSucceeds(Promtool.Result result) => Assert.True(result.Succeeded, result.Output);

    /// <summary>A rule file (JSON is YAML to promtool) beside a copy of the unit tests, which name it.</summary>
    sealed class RulesFolder : IDisposable
    {
        readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("fooddelivery-rules-");

        public RulesFolder(JsonObject rules)
        {
            File.WriteAllText(Path.Combine(directory.FullName, RulesName + ".yml"), rules.ToJsonString());
            File.Copy(TestFile, Path.Combine(directory.FullName, Path.GetFileName(TestFile)));
        }

        public Promtool.Result Check() => Promtool.Run(directory.FullName, "check", "rules", RulesName + ".yml");

        public Promtool.Result Test() => Promtool.Run(directory.FullName, "test", "rules", Path.GetFileName(TestFile));

        public void Dispose() => directory.Delete(recursive: true);
    }
}
