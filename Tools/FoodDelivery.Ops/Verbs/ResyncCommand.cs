using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Verbs;

/// <summary><c>resync SERVICE</c>: the owner republishes everything it owns; every replica converges through its version guard.</summary>
internal sealed class ResyncCommand : OpsCommand<RepairSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, RepairSettings settings, CancellationToken ct)
    {
        var service = OpsSession.Service(settings.Service);
        if (settings.EventType is not null)
        {
            throw new UsageException("A resync republishes everything the service owns; --event-type is for rebuild.");
        }
        if (!session.Confirmed(settings, $"Republish a snapshot of everything {service} owns?"))
        {
            return ExitCodes.Ok;
        }
        return session.Print(await session.Client.SendAsync(service, HttpMethod.Post, SyncRoutes.Resync, ct),
            result => $"{service}: {OpsSession.Text(result, "message")}");
    }
}
