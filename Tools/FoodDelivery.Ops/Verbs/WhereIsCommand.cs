using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>where-is EVENT_TYPE ID</c>: the dashboard's Where is ...?, the versions the owner published and what every consumer
/// holds; for people the same Markdown the dashboard shows. Exit 3 when a service could not be asked (its row says why).
/// </summary>
internal sealed class WhereIsCommand : OpsCommand<WhereIsSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, WhereIsSettings settings, CancellationToken ct)
    {
        var owner = ServiceCatalogue.OwnerOf(settings.EventType) ?? throw new UsageException(
            $"{settings.EventType} is none of {string.Join(", ", ServiceCatalogue.Services.SelectMany(entry => entry.Publishes))}.");
        if (!Guid.TryParse(settings.Id, out var id))
        {
            throw new UsageException($"{settings.Id} is not an id (a GUID).");
        }
        var service = settings.From is { } from ? OpsSession.Service(from) : owner;
        var answer = await session.Client.SendAsync(service, HttpMethod.Get, SyncRoutes.Entity(settings.EventType, id.ToString()), ct, markdown: !session.Json);
        if (answer.Succeeded)
        {
            Console.Out.WriteLine(answer.Body);
        }
        return session.Report(answer);
    }
}
