using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>dead-letters replay SERVICE MESSAGE_ID</c> (one letter back to the service's queue) or <c>--all</c> (every one, after
/// confirmation, as the dashboard's Replay dead letters asks).
/// </summary>
internal sealed class DeadLetterReplayCommand : OpsCommand<DeadLetterSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, DeadLetterSettings settings, CancellationToken ct)
    {
        var service = OpsSession.Service(settings.Service);
        if (settings.All == settings.MessageId is not null)
        {
            throw new UsageException("Name one message id, or --all for every dead letter of the service.");
        }
        if (settings.All && !session.Confirmed(settings, $"Move every dead letter of {service} back to its queue?"))
        {
            return ExitCodes.Ok;
        }
        var path = settings.All ? SyncRoutes.ReplayDeadLetters : SyncRoutes.ReplayDeadLetter(settings.RequiredMessageId);
        return session.Print(await session.Client.SendAsync(service, HttpMethod.Post, path, ct), result => $"{service}: {OpsSession.Text(result, "message")}");
    }
}
