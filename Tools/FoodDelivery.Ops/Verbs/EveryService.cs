using System.Text.Json;
using System.Text.Json.Nodes;
using FoodDelivery.Ops.Connection;

namespace FoodDelivery.Ops.Verbs;

/// <summary>One GET to several services at once, and their answers as one JSON object keyed by service for scripts.</summary>
internal static class EveryService
{
    public static Task<OperatorAnswer[]> GetAsync(OpsSession session, IReadOnlyList<string> services, string path, CancellationToken ct) =>
        Task.WhenAll(services.Select(service => session.Client.SendAsync(service, HttpMethod.Get, path, ct)));

    /// <summary>
    /// One service's answer as it came; several as <c>{"menu": {...}, "orders": {"error": "...", "status": 503}}</c>, where a
    /// service that did not answer as asked has an error (and its HTTP status when it answered at all).
    /// </summary>
    public static void WriteJson(IReadOnlyList<OperatorAnswer> answers)
    {
        if (answers is [{ Succeeded: true } single])
        {
            Console.Out.WriteLine(single.Body);
            return;
        }
        var all = new JsonObject();
        foreach (var answer in answers)
        {
            all[answer.Service] = answer.Succeeded
                ? JsonNode.Parse(answer.Body)
                : new JsonObject { ["error"] = answer.Problem, ["status"] = answer.Status is { } status ? (int)status : null };
        }
        Console.Out.WriteLine(all.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
