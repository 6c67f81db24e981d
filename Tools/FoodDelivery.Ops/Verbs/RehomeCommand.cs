using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>re-home SERVICE EVENT_TYPE ID</c> (one entity) or <c>re-home SERVICE --lost-cluster NAME</c> (everything homed there): with
/// two clusters, makes the cluster asked the home of entities whose home is lost. It does not fence the peer: the
/// dashboard's Take over does both, and docs/runbook.md says when each is right.
/// </summary>
internal sealed class RehomeCommand : OpsCommand<RehomeSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, RehomeSettings settings, CancellationToken ct)
    {
        var service = OpsSession.Service(settings.Service);
        string path, question;
        if (settings.LostCluster is { } lost)
        {
            if (settings.EventType is not null || settings.Id is not null)
            {
                throw new UsageException("Re-home one entity (EVENT_TYPE ID) or a lost cluster's (--lost-cluster), not both.");
            }
            path = SyncRoutes.RehomeCluster(lost);
            question = $"Make this cluster the home of everything {service} holds from {lost}? Writes {lost} made that never arrived here will be overwritten.";
        }
        else
        {
            if (settings.EventType is not { } type || !Guid.TryParse(settings.Id, out var id))
            {
                throw new UsageException("Name the entity (EVENT_TYPE and a GUID ID), or --lost-cluster NAME.");
            }
            if (!ServiceCatalogue.Find(service)!.Publishes.Contains(type, StringComparer.Ordinal))
            {
                throw new UsageException($"{service} owns {string.Join(", ", ServiceCatalogue.Find(service)!.Publishes)}, not {type}.");
            }
            path = SyncRoutes.RehomeEntity(type, id);
            question = $"Make this cluster the home of {type} {id}?";
        }
        if (!session.Confirmed(settings, question))
        {
            return ExitCodes.Ok;
        }
        return session.Print(await session.Client.SendAsync(service, HttpMethod.Post, path, ct), result =>
            OpsSession.Text(result, "message") is { Length: > 0 } message ? $"{service}: {message}"
                : $"{OpsSession.Text(result, "eventType")} {OpsSession.Text(result, "id")} v{OpsSession.Text(result, "version")}: " +
                  $"home {OpsSession.Text(result, "fromCluster")} -> {OpsSession.Text(result, "homeCluster")}");
    }
}
