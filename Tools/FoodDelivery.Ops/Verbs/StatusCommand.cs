using System.Text.Json;
using FoodDelivery.Contracts;
using Spectre.Console;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>status [SERVICE]</c>: the dashboard's Sync status, for one service or all seven in one table. Exit 1 when a consumer is
/// detached or paused, or dead letters wait (what the alerts fire on).
/// </summary>
internal sealed class StatusCommand : OpsCommand<ServiceSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, ServiceSettings settings, CancellationToken ct)
    {
        var answers = await EveryService.GetAsync(session, OpsSession.ServicesOrAll(settings.Service), SyncRoutes.Status, ct);
        var codes = answers.Select(session.Report).ToList();
        var table = new Table().AddColumns("service", "consumer", "outbox backlog", "oldest pending (s)", "queue", "dead letters", "paused because", "last applied");
        foreach (var answer in answers.Where(answer => answer.Succeeded))
        {
            var status = JsonDocument.Parse(answer.Body).RootElement;
            var attached = status.GetProperty("consumerAttached").GetBoolean();
            var deadLetters = status.GetProperty("deadLetters").GetInt64();
            var paused = OpsSession.Text(status, "pausedBecause");
            if (!attached || deadLetters > 0 || paused.Length > 0)
            {
                codes.Add(ExitCodes.NeedsAttention);
            }
            var last = status.TryGetProperty("lastApplied", out var applied) && applied.ValueKind == JsonValueKind.Object
                ? $"{OpsSession.Text(applied, "type")} v{OpsSession.Text(applied, "version")} at {OpsSession.Text(applied, "appliedAt")}" : "";
            table.AddRow(Markup.Escape(answer.Service), attached ? "attached" : "[red]detached[/]", OpsSession.Text(status, "outboxBacklog"),
                OpsSession.Text(status, "oldestPendingSeconds"), OpsSession.Text(status, "queueDepth"),
                deadLetters > 0 ? $"[red]{deadLetters}[/]" : "0", Markup.Escape(paused), Markup.Escape(last));
        }
        foreach (var answer in answers.Where(answer => !answer.Succeeded))
        {
            table.AddRow(Markup.Escape(answer.Service), "[red]no answer[/]", "", "", "", "", Markup.Escape(answer.Problem ?? ""), "");
        }
        if (session.Json)
        {
            EveryService.WriteJson(answers);
        }
        else
        {
            session.Console.Write(table);
        }
        return ExitCodes.Worst(codes);
    }
}
