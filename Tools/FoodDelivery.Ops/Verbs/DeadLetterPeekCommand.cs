using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Verbs;

/// <summary><c>dead-letters peek SERVICE MESSAGE_ID</c>: one letter's headers and body; it stays where it is.</summary>
internal sealed class DeadLetterPeekCommand : OpsCommand<DeadLetterSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, DeadLetterSettings settings, CancellationToken ct)
    {
        var answer = await session.Client.SendAsync(OpsSession.Service(settings.Service), HttpMethod.Get,
            SyncRoutes.DeadLetter(settings.RequiredMessageId), ct);
        return session.Print(answer, content =>
        {
            var letter = content.GetProperty("letter");
            var headers = content.GetProperty("headers").EnumerateObject().Select(header => $"  {header.Name}: {header.Value}");
            return $"{OpsSession.Text(letter, "type")} {OpsSession.Text(letter, "aggregateId")} v{OpsSession.Text(letter, "version")} " +
                   $"({OpsSession.Text(letter, "messageId")})\nwhy: {OpsSession.Text(letter, "reason")}\nheaders:\n{string.Join('\n', headers)}\nbody:\n" +
                   PrettyBody(OpsSession.Text(content, "body"));
        });
    }

    static string PrettyBody(string body)
    {
        try
        {
            return JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement, new JsonSerializerOptions { WriteIndented = true });
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
