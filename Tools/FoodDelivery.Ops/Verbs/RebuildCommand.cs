using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>rebuild SERVICE [--event-type TYPE]</c>: makes the service's replicas (or the one of that type) equal to their owners
/// whatever the versions, and reports what it changed. Exit 3 when an owner could not be read (what was done is printed).
/// </summary>
internal sealed class RebuildCommand : OpsCommand<RepairSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, RepairSettings settings, CancellationToken ct)
    {
        var service = OpsSession.Service(settings.Service);
        var replicas = ServiceCatalogue.Find(service)!.Replicates;
        if (settings.EventType is { } type && !replicas.Contains(type, StringComparer.Ordinal))
        {
            throw new UsageException($"{service} keeps replicas of {(replicas.Count == 0 ? "nothing" : string.Join(", ", replicas))}, not of {type}.");
        }
        var what = settings.EventType is null ? $"every replica {service} keeps" : $"{service}'s replica of {settings.EventType}";
        if (!session.Confirmed(settings, $"Overwrite {what} with the owners' rows, whatever versions they hold?"))
        {
            return ExitCodes.Ok;
        }
        var path = settings.EventType is null ? SyncRoutes.Rebuild : $"{SyncRoutes.Rebuild}?eventType={Uri.EscapeDataString(settings.EventType)}";
        var answer = await session.Client.SendAsync(service, HttpMethod.Post, path, ct);
        if (answer is { Succeeded: false, Status: System.Net.HttpStatusCode.BadGateway })
        {
            // Some replicas could not be rebuilt: what was done anyway is in the problem's result.
            Console.Out.WriteLine(session.Json ? answer.Body : OperatorProblem.Describe(answer.Body));
        }
        return session.Print(answer, result => $"{service}: {OpsSession.Text(result, "message")}" + string.Concat(
            result.TryGetProperty("replicas", out var rebuilt) && rebuilt.ValueKind == JsonValueKind.Array
                ? rebuilt.EnumerateArray().Select(replica => $"\n  {replica}") : []));
    }
}
