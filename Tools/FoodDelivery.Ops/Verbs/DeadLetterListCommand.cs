using System.Text.Json;
using System.Text.Json.Nodes;
using FoodDelivery.Contracts;
using Spectre.Console;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>dead-letters list SERVICE [--skip K] [--limit N]</c>: one page of a service's dead letters, headed "first N of M".
/// Exit 1 when any wait (an alert's cause), 0 when the queue is empty.
/// </summary>
internal sealed class DeadLetterListCommand : OpsCommand<DeadLetterListSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, DeadLetterListSettings settings, CancellationToken ct)
    {
        if (settings.Skip < 0 || settings.Limit < 1)
        {
            throw new UsageException("--skip is 0 or more, --limit 1 or more.");
        }
        var service = OpsSession.Service(settings.Service);
        var answer = await session.Client.SendAsync(service, HttpMethod.Get, DeadLetterPaging.Page(settings.Skip, settings.Limit), ct);
        if (!answer.Succeeded)
        {
            return session.Report(answer);
        }
        var letters = JsonNode.Parse(answer.Body)!.AsArray();
        var page = DeadLetterPaging.Describe(settings.Skip, letters.Count, answer.Total);
        if (session.Json)
        {
            var json = new JsonObject
            {
                ["service"] = service, ["skip"] = settings.Skip, ["total"] = answer.Total, ["page"] = page, ["letters"] = letters.DeepClone(),
            };
            Console.Out.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            session.Console.WriteLine($"{service}: {page}" +
                (answer.Total is { } total && settings.Skip + letters.Count < total ? $" (next page: --skip {settings.Skip + letters.Count})" : "") + ".");
            if (letters.Count > 0)
            {
                var table = new Table().AddColumns("message id", "type", "entity", "version", "why", "first died", "published by");
                foreach (var letter in JsonDocument.Parse(answer.Body).RootElement.EnumerateArray())
                {
                    table.AddRow([.. new[] { "messageId", "type", "aggregateId", "version", "reason", "firstDiedAt", "publishedBy" }
                        .Select(property => Markup.Escape(OpsSession.Text(letter, property)))]);
                }
                session.Console.Write(table);
            }
        }
        return ExitCodes.Worst([session.Report(answer), (answer.Total ?? letters.Count) > 0 ? ExitCodes.NeedsAttention : ExitCodes.Ok]);
    }
}
