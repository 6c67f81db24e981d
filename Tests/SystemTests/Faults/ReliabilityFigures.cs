using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace FoodDelivery.SystemTests;

/// <summary>One fault scenario's figures, as docs/reliability.md publishes them.</summary>
public sealed record ScenarioFigures(
    int Number, string Scenario, long WritesAccepted, long WritesFailed, long WritesLost, long AppliedTwice, long DeadLetters,
    TimeSpan? FaultEndToConverged, string Notes);

/// <summary>
/// Collects the fault suite's figures and renders them as the Markdown table of
/// docs/reliability.md; each scenario rewrites <c>TestResults/reliability.md</c> at the repository
/// root (ignored by git) so the docs can be refreshed from the latest run.
/// </summary>
public static class ReliabilityFigures
{
    static readonly ConcurrentDictionary<int, ScenarioFigures> Rows = new();

    public static string Record(ScenarioFigures figures)
    {
        Rows[figures.Number] = figures;
        var table = Table();
        if (RepositoryRoot() is { } root)
        {
            var directory = Path.Combine(root, "TestResults");
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "reliability.md"), table);
        }
        return table;
    }

    public static string Table()
    {
        var text = new StringBuilder()
            .AppendLine("| # | scenario | writes accepted | writes failed (fault) | writes lost | effects applied twice | dead letters | fault end to converged | notes |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in Rows.Values.OrderBy(row => row.Number))
        {
            var converged = row.FaultEndToConverged is { } time
                ? time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s"
                : "not converged";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Number} | {row.Scenario} | {row.WritesAccepted} | {row.WritesFailed} | {row.WritesLost} | {row.AppliedTwice} | {row.DeadLetters} | {converged} | {row.Notes} |");
        }
        return text.ToString();
    }

    static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoodDelivery.slnx")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
