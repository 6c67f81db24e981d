using System.Net.Http.Json;
using System.Reflection;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.DeadLetters;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Repair;
using FoodDelivery.Sync.Replicas;
using FoodDelivery.Sync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Entities;

/// <summary>
/// Follows one entity through the system: this service's own copy from its outbox, inbox, table and
/// dead-letter queue, and, asked of any service, every copy: the owner's and each consumer's (as
/// <see cref="ServiceCatalogue"/> names them), read from their <c>/sync/entities/{eventType}/{id}/local</c>
/// with the key the operator asked with (a service holds no key that opens another). Operator traffic, like the convergence check.
/// </summary>
internal sealed class EntityLookup<TDb>(
    IServiceProvider services, SyncRegistrations registrations, SyncOptions options, DeadLetterQueue deadLetters,
    IHttpClientFactory http, DashboardTraceLinks traceLinks, TimeProvider time)
    where TDb : SyncDbContext
{
    public const string HttpClientName = "sync-entities";

    static readonly MethodInfo HeldOfMethod =
        typeof(EntityLookup<TDb>).GetMethod(nameof(HeldOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Every copy of the entity; null when no service owns <paramref name="eventType"/>.</summary>
    public async Task<EntityWhereabouts?> WhereAsync(string eventType, Guid id, string operatorKey, CancellationToken ct)
    {
        if (ServiceCatalogue.OwnerOf(eventType) is not { } owner)
        {
            return null;
        }
        var consumers = ServiceCatalogue.Services.Where(service => service.Replicates.Contains(eventType)).Select(service => service.Name);
        var copies = await Task.WhenAll(consumers.Prepend(owner).Select(service => CopyAtAsync(service, service == owner, eventType, id, operatorKey, ct)));
        return new EntityWhereabouts(eventType, id, owner, copies, time.GetUtcNow());
    }

    /// <summary>This service's copy: what it holds, published, received and dead-lettered of the entity.</summary>
    public async Task<EntityCopy> LocalAsync(string eventType, Guid id, CancellationToken ct)
    {
        var publication = registrations.Publications.Values.FirstOrDefault(publication => publication.EventType == eventType);
        var heldType = publication?.EntityType
            ?? (registrations.Subscriptions.TryGetValue(eventType, out var subscription) ? ReplicaTypeOf(subscription) : null);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var held = heldType is null
            ? null
            : await (Task<(long Version, bool Deleted)?>)HeldOfMethod.MakeGenericMethod(heldType).Invoke(null, [db, id, ct])!;
        List<PublishedVersion> published = publication is null
            ? []
            : (await db.Outbox.AsNoTracking()
                .Where(message => message.Type == eventType && message.AggregateId == id)
                .OrderBy(message => message.Sequence)
                .Select(message => new { message.Version, message.MessageId, message.CommittedAt, message.SentAt, message.TraceParent })
                .ToListAsync(ct))
                .Select(message =>
                {
                    // The outbox keeps the writer's traceparent: the publish and every consumer's apply continue its trace.
                    var traceId = SyncActivities.TraceIdOf(message.TraceParent);
                    return new PublishedVersion(message.Version, message.MessageId, message.CommittedAt, message.SentAt, traceId, traceLinks.For(traceId));
                })
                .ToList();
        var received = (await db.Inbox.AsNoTracking()
            .Where(message => message.Type == eventType && message.AggregateId == id)
            .OrderBy(message => message.AppliedAt)
            .Select(message => new ReceivedVersion(message.Version, message.MessageId, message.Outcome, message.AppliedAt, message.CommittedAt, message.TraceId, null))
            .ToListAsync(ct))
            .Select(version => version with { TraceUrl = traceLinks.For(version.TraceId) })
            .ToList();
        var letters = (await deadLetters.ListAsync(DeadLetterQueue.MaxListed, ct))
            .Where(letter => letter.AggregateId == id && letter.Type == eventType)
            .ToList();
        return new EntityCopy(options.ServiceName, publication is not null, held?.Version, held?.Deleted, published, received, letters, Error: null);
    }

    async Task<EntityCopy> CopyAtAsync(string service, bool isOwner, string eventType, Guid id, string operatorKey, CancellationToken ct)
    {
        if (service == options.ServiceName)
        {
            return await LocalAsync(eventType, id, ct);
        }
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, ManagementEndpoint.BaseAddress(service) + SyncRoutes.LocalEntity(eventType, id));
            request.Headers.Add(OperatorKeys.Header, operatorKey);
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                return EntityCopy.Unreachable(service, isOwner, $"{service} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            return await response.Content.ReadFromJsonAsync<EntityCopy>(ct)
                ?? EntityCopy.Unreachable(service, isOwner, $"{service} answered with an empty body.");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Whatever stops one service answering (refused, timed out, the resilience pipeline's open circuit or
            // timeout, a body that is not a copy) is that service's row: the others' answers stand.
            return EntityCopy.Unreachable(service, isOwner, $"{service} could not be reached: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The replica row type a subscription writes, when it is one of its type arguments (plain copies and reactions alike).</summary>
    static Type? ReplicaTypeOf(Subscription subscription)
    {
        for (var type = subscription.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericArguments().FirstOrDefault(typeof(IReplica).IsAssignableFrom) is { } replica)
            {
                return replica;
            }
        }
        return null;
    }

    static async Task<(long Version, bool Deleted)?> HeldOfAsync<T>(DbContext db, Guid id, CancellationToken ct) where T : class
    {
        var row = await db.Set<T>().IgnoreQueryFilters().AsNoTracking()
            .Where(entity => EF.Property<Guid>(entity, nameof(IReplica.Id)) == id)
            .Select(entity => new { Version = EF.Property<long>(entity, nameof(IReplica.Version)), Deleted = EF.Property<bool>(entity, nameof(IReplica.Deleted)) })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Version, row.Deleted);
    }
}
