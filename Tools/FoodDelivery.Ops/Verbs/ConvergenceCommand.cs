using System.Text.Json;
using FoodDelivery.Contracts;
using Spectre.Console;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>convergence [SERVICE]</c>: the dashboard's Check convergence, every replica a service keeps against its owner. Exit 1
/// when something has not converged; 3 when an owner could not be asked (its row says why).
/// </summary>
internal sealed class ConvergenceCommand : OpsCommand<ServiceSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, ServiceSettings settings, CancellationToken ct)
    {
        var answers = await EveryService.GetAsync(session, OpsSession.ServicesOrAll(settings.Service), SyncRoutes.Convergence, ct);
        var codes = answers.Select(session.Report).ToList();
        var table = new Table().AddColumns("consumer", "owner", "event type", "owner rows", "replica rows", "missing", "stale", "extra", "diverged", "error");
        var summary = new List<string>();
        foreach (var answer in answers.Where(answer => answer.Succeeded))
        {
            var report = JsonDocument.Parse(answer.Body).RootElement;
            var converged = report.GetProperty("converged").GetBoolean();
            if (!converged)
            {
                codes.Add(ExitCodes.NeedsAttention);
            }
            summary.Add($"{answer.Service}: {(converged ? "converged" : "NOT converged")} (outbox backlog {OpsSession.Text(report, "outboxBacklog")}, " +
                        $"dead letters {OpsSession.Text(report, "deadLetters")}, queue {OpsSession.Text(report, "queueDepth")})");
            foreach (var replica in report.GetProperty("replicas").EnumerateArray())
            {
                table.AddRow([.. new[] { "consumer", "owner", "eventType", "ownerRows", "replicaRows", "missing", "stale", "extra", "diverged", "error" }
                    .Select(property => Markup.Escape(OpsSession.Text(replica, property)))]);
            }
        }
        if (session.Json)
        {
            EveryService.WriteJson(answers);
        }
        else
        {
            session.Console.Write(table);
            foreach (var line in summary)
            {
                session.Console.WriteLine(line);
            }
        }
        return ExitCodes.Worst(codes);
    }
}
