using System.Text;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Repair;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.DeadLetters;

/// <summary>
/// This service's dead letters one by one: list, peek, replay one, discard one, each found by its
/// <c>message_id</c>. A queue has no random access, so each operation takes the letters present when it
/// starts, unacknowledged, on a channel of its own, and returns the ones it does not act on to the queue
/// by closing that channel (as the broker's management UI does to peek); only the replayed letter (confirmed
/// back into the queue first) or the discarded one is acknowledged. Nothing is lost if the service dies
/// half-way: what it held unacknowledged goes back by itself.
/// </summary>
internal sealed partial class DeadLetterQueue(
    BrokerConnection broker, SyncTopology topology, DeadLetterReplay replay, ILogger<DeadLetterQueue> logger)
{
    /// <summary>At most this many letters are listed at once (a queue of thousands is a page, not an answer).</summary>
    public const int MaxListed = 500;

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int limit, CancellationToken ct) => (await ListAsync(0, limit, ct)).Letters;

    /// <summary>
    /// One page: passes over the first <paramref name="skip"/> letters, lists up to <paramref name="limit"/>, and counts
    /// every letter waiting when it started, so the operator reads "first N of M". It takes every waiting letter, not
    /// just as many as the page needs: the broker puts returned letters behind the others, so only a whole round
    /// leaves them in their order, and the next page starts where this one ended.
    /// </summary>
    public async Task<DeadLetterPage> ListAsync(int skip, int limit, CancellationToken ct)
    {
        var listed = new List<DeadLetter>();
        var position = 0;
        var take = Math.Clamp(limit, 1, MaxListed);
        var waiting = await BrowseAsync(confirms: false, takesTheOneFound: false, (_, letter) =>
        {
            if (position++ >= skip && listed.Count < take)
            {
                listed.Add(Describe(letter));
            }
            return Task.FromResult(false);
        }, ct);
        return new DeadLetterPage(listed, waiting);
    }

    public async Task<DeadLetterContent?> PeekAsync(string messageId, CancellationToken ct)
    {
        DeadLetterContent? found = null;
        await BrowseAsync(confirms: false, takesTheOneFound: false, (_, letter) =>
        {
            if (letter.BasicProperties.MessageId == messageId)
            {
                found = new DeadLetterContent(Describe(letter), letter.BasicProperties.ContentType,
                    (letter.BasicProperties.Headers ?? new Dictionary<string, object?>())
                        .OrderBy(header => header.Key, StringComparer.Ordinal)
                        .ToDictionary(header => header.Key, header => AmqpHeaders.Describe(header.Value)),
                    Encoding.UTF8.GetString(letter.Body.Span));
            }
            return Task.FromResult(found is not null);
        }, ct);
        return found;
    }

    /// <summary>Sends one dead letter back to this service's queue; null when no letter has that id.</summary>
    public async Task<DeadLetter?> ReplayAsync(string messageId, CancellationToken ct)
    {
        DeadLetter? replayed = null;
        await BrowseAsync(confirms: true, takesTheOneFound: true, async (channel, letter) =>
        {
            if (letter.BasicProperties.MessageId != messageId)
            {
                return false;
            }
            replayed = Describe(letter);
            await replay.ReplayAsync(channel, letter, ct);
            return true;
        }, ct);
        if (replayed is not null)
        {
            LogReplayed(replayed.Type, replayed.AggregateId, replayed.Version, replayed.MessageId);
        }
        return replayed;
    }

    /// <summary>Drops one dead letter for good, logging what it was, who discarded it and why; null when no letter has that id.</summary>
    public async Task<DeadLetter?> DiscardAsync(string messageId, string by, string why, CancellationToken ct)
    {
        DeadLetter? discarded = null;
        await BrowseAsync(confirms: false, takesTheOneFound: true, async (channel, letter) =>
        {
            if (letter.BasicProperties.MessageId != messageId)
            {
                return false;
            }
            discarded = Describe(letter);
            await channel.BasicAckAsync(letter.DeliveryTag, multiple: false, ct);
            return true;
        }, ct);
        if (discarded is not null)
        {
            LogDiscarded(discarded.Type, discarded.AggregateId, discarded.Version, discarded.MessageId, by, why, discarded.Reason);
        }
        return discarded;
    }

    /// <summary>
    /// Takes the letters present now, one at a time, until <paramref name="visit"/> says it is done; then
    /// returns every letter taken and not acknowledged to the queue, and waits (a few seconds at most) until the
    /// broker counts them as waiting again, so the next operation sees them.
    /// </summary>
    /// <param name="takesTheOneFound">Whether the letter <paramref name="visit"/> stops at is acknowledged (replayed or discarded).</param>
    /// <returns>How many letters were waiting when it started.</returns>
    async Task<uint> BrowseAsync(bool confirms, bool takesTheOneFound, Func<IChannel, BasicGetResult, Task<bool>> visit, CancellationToken ct)
    {
        var connection = await broker.GetAsync(ct);
        var found = false;
        uint waiting;
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: confirms), ct);
        try
        {
            waiting = await channel.MessageCountAsync(topology.DeadLetterQueue, ct);
            for (var taken = 0u; taken < waiting; taken++)
            {
                if (await channel.BasicGetAsync(topology.DeadLetterQueue, autoAck: false, ct) is not { } letter)
                {
                    break;
                }
                if (await visit(channel, letter))
                {
                    found = true;
                    break;
                }
            }
        }
        finally
        {
            // Closing the channel returns every letter taken and not acknowledged above to the queue.
            await channel.DisposeAsync();
        }
        // The broker puts them back asynchronously: until it has, a list or peek right after would not see them.
        var back = waiting - (found && takesTheOneFound ? 1u : 0u);
        await using var check = await connection.CreateChannelAsync(cancellationToken: ct);
        for (var attempt = 0; attempt < 100 && await check.MessageCountAsync(topology.DeadLetterQueue, ct) < back; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
        return waiting;
    }

    DeadLetter Describe(BasicGetResult letter)
    {
        var properties = letter.BasicProperties;
        var headers = AmqpHeaders.Of(properties);
        var deaths = headers is not null && headers.TryGetValue("x-death", out var value) && value is IList<object?> list
            ? list.OfType<IDictionary<string, object?>>().ToList()
            : [];
        // Whatever the letter's publisher wrote is in these headers too: every reading below takes any type and size.
        var reason = AmqpHeaders.Text(headers, ChangeHeaders.DeadLetterReason)
            ?? (letter.RoutingKey == BrokerNames.BrokerDeadLetterKey
                ? $"The broker dead-lettered it (x-death: {string.Join(", ", deaths.Select(death => AmqpHeaders.Describe(Entry(death, "reason"))))}): "
                  + "delivered too often without an acknowledgement (the queue's delivery limit), or expired."
                : "No reason was recorded.");
        var firstDied = AmqpHeaders.Milliseconds(headers, ChangeHeaders.DeadLetteredAt)
            ?? deaths.Select(death => AmqpHeaders.Seconds(Entry(death, "time"))).Min();
        return new DeadLetter(
            properties.MessageId ?? "",
            properties.Type,
            Guid.TryParse(AmqpHeaders.Text(headers, ChangeHeaders.AggregateId), out var id) ? id : null,
            AmqpHeaders.Number(headers, ChangeHeaders.Version),
            reason,
            AmqpHeaders.Text(headers, ChangeHeaders.DeadLetteredBy),
            firstDied,
            properties.AppId);
    }

    static object? Entry(IDictionary<string, object?> table, string key) => table.TryGetValue(key, out var value) ? value : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed the dead letter {Type} {AggregateId} v{Version} ({MessageId}).")]
    partial void LogReplayed(string? type, Guid? aggregateId, long? version, string messageId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Discarded the dead letter {Type} {AggregateId} v{Version} ({MessageId}) for {DiscardedBy}: {DiscardReason}. It had died because: {DeadLetterReason}")]
    partial void LogDiscarded(string? type, Guid? aggregateId, long? version, string messageId, string discardedBy, string discardReason, string deadLetterReason);
}
