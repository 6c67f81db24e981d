using System.Globalization;
using System.Text;
using FoodDelivery.Sync.Convergence;

namespace FoodDelivery.Sync.Monitoring;

/// <summary>The convergence report as Markdown for the dashboard: a verdict, then a line per replica and one per invariant of the reactions.</summary>
internal static class ConvergenceMarkdown
{
    public static string Render(ConvergenceReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### {report.Service}: {(report.Converged ? "converged" : "**not converged**")}\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"Outbox backlog {report.OutboxBacklog}, queue depth {report.QueueDepth}, dead letters {report.DeadLetters}.\n\n");
        if (report.Unreachable.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"**Unreachable: {string.Join(", ", report.Unreachable)}**: their rows below say why; every other row is checked.\n\n");
        }
        if (report.Replicas.Count == 0)
        {
            text.Append("This service keeps no replicas.\n");
        }
        else
        {
            text.Append("| replica | owner rows | replica rows | missing | stale | extra | diverged | note |\n|---|---|---|---|---|---|---|---|\n");
            foreach (var replica in report.Replicas)
            {
                var note = replica.Error
                    ?? string.Join("; ", replica.Examples.Where(example => example.Value.Count > 0)
                        .Select(example => $"{example.Key}: {string.Join(", ", example.Value.Take(3))}"));
                text.Append(CultureInfo.InvariantCulture,
                    $"| {replica.EventType} ({replica.Owner} → {replica.Consumer}) | {replica.OwnerRows} | {replica.ReplicaRows} | {replica.Missing} | {replica.Stale} | {replica.Extra} | {replica.Diverged} | {(replica.Converged ? "✓" : note.Replace("|", "\\|", StringComparison.Ordinal))} |\n");
            }
        }
        if (report.Invariants.Count > 0)
        {
            text.Append("\n| invariant | breaches | note |\n|---|---|---|\n");
            foreach (var invariant in report.Invariants)
            {
                var note = invariant.Error ?? (invariant.Holds ? "✓" : string.Join(", ", invariant.Examples.Take(3)));
                text.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(invariant.Invariant)} | {invariant.Breaches} | {Cell(note)} |\n");
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"\nChecked at {report.CheckedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}.\n");
        return text.ToString();
    }

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
