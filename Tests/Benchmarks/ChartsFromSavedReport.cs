using System.Text.Json.Nodes;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// <c>--charts-from &lt;report.json&gt;</c>: redraws a saved run's charts and rewrites its Markdown beside
/// the JSON, running nothing, so a full run's charts can be drawn later or on another machine. It
/// first checks that the JSON reads back into a <see cref="BenchmarkReport"/> without losing a figure.
/// </summary>
public static class ChartsFromSavedReport
{
    public const string Option = "--charts-from";

    /// <returns>The process's exit code: 0 drawn, 1 drawn but the JSON did not read back whole, 2 no such file.</returns>
    public static async Task<int> RunAsync(string jsonPath)
    {
        if (!File.Exists(jsonPath))
        {
            await Console.Error.WriteLineAsync($"No such report: {jsonPath}");
            return 2;
        }
        var saved = await File.ReadAllTextAsync(jsonPath);
        var report = BenchmarkReport.FromJson(saved);
        var lost = LostProperties(saved, report.ToJson());
        await report.WriteMarkdownAndChartsAsync(jsonPath);
        Console.WriteLine($"Drew the charts of {Path.GetFullPath(jsonPath)} beside it and rewrote its .md");
        if (lost.Count > 0)
        {
            // A figure the record no longer reads (renamed or removed since the run) would be missing from the charts.
            await Console.Error.WriteLineAsync($"The report did not read back whole; these differ: {string.Join(", ", lost)}");
            return 1;
        }
        return 0;
    }

    /// <summary>The report's top-level properties whose saved value differs from the value read back and saved again.</summary>
    static List<string> LostProperties(string saved, string again)
    {
        var before = JsonNode.Parse(saved)!["Report"]!.AsObject();
        var after = JsonNode.Parse(again)!["Report"]!.AsObject();
        return before.Select(property => property.Key)
            .Where(key => !JsonNode.DeepEquals(before[key], after[key]))
            .ToList();
    }
}
