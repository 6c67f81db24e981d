using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>dead-letters discard SERVICE MESSAGE_ID --by WHO --reason WHY</c>: drops one letter for good after confirmation; who and
/// why go into the service's log with what the letter was.
/// </summary>
internal sealed class DeadLetterDiscardCommand : OpsCommand<DeadLetterSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, DeadLetterSettings settings, CancellationToken ct)
    {
        var service = OpsSession.Service(settings.Service);
        var messageId = settings.RequiredMessageId;
        if (string.IsNullOrWhiteSpace(settings.By) || string.IsNullOrWhiteSpace(settings.Reason))
        {
            throw new UsageException("A discard says who (--by) and why (--reason); both go into the service's log.");
        }
        if (!session.Confirmed(settings, $"Drop dead letter {messageId} of {service} for good? It cannot be replayed afterwards."))
        {
            return ExitCodes.Ok;
        }
        var body = JsonSerializer.Serialize(new { by = settings.By.Trim(), reason = settings.Reason.Trim() });
        return session.Print(await session.Client.SendAsync(service, HttpMethod.Post, SyncRoutes.DiscardDeadLetter(messageId), ct, jsonBody: body),
            result => $"{service}: {OpsSession.Text(result, "message")}");
    }
}
