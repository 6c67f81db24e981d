using System.Text.Json;
using FoodDelivery.Contracts;
using static FoodDelivery.SystemTests.WirePublisher;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Nothing a publisher sets can stall the consumers of its exchange: a service publishing with its own broker
/// credentials into its own exchange, frames written byte by byte (headers of any type and shape, properties that are
/// not UTF-8, absurd lengths), gets each malformed delivery dead-lettered with its reason, and the consumers go on
/// applying the owner's real changes. The operator's dead-letter list, peek and Where is ...? still answer. On their
/// own AppHost: the tests fill dead-letter queues (and drain what they filled).
/// </summary>
[Collection(nameof(IsolatedSystem))]
public sealed class DeliveryScreeningTests(IsolatedSystem system)
{
    const string Publisher = "accounts";

    /// <summary>The consumers' prefetch (<c>SyncOptions.Prefetch</c>): more unsettled deliveries than this, and the broker sends no more.</summary>
    const int Prefetch = 128;

    [Fact]
    public async Task A_flood_larger_than_the_prefetch_of_commit_times_no_clock_can_hold_is_dead_lettered_and_real_changes_still_arrive()
    {
        // fd-committed-at beyond what a DateTimeOffset holds made reading the delivery throw in the client's callback,
        // before any screening: never acknowledged, a prefetch's worth of them stopped the consumer for good.
        var run = Guid.NewGuid().ToString("N")[..8];
        var flood = Enumerable.Range(0, Prefetch + 32).Select(index => Malformed(new[] { 0, 1, 12 }[index % 3], $"{run}-{index:D3}")).ToList();
        await PublishAsync(flood);

        await RealChangesArriveAsync();
        await DeadLetteredWithReasonsAsync(flood);
    }

    [Fact]
    public async Task Malformed_properties_and_headers_of_every_kind_are_dead_lettered_with_their_reasons_and_the_operator_views_still_answer()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var malformed = Enumerable.Range(0, Kinds).Select(kind => Malformed(kind, $"{run}-{kind:D3}")).ToList();
        await PublishAsync(malformed);

        await RealChangesArriveAsync();
        // The operator's views still answer while letters with absurd headers wait.
        using var menu = await system.OperatorClientAsync("menu", OperatorScope.Read);
        var listed = await Eventually.ValueAsync(
            async () => (await menu.GetAsync("/sync/dead-letters?limit=500").ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList(),
            letters => malformed.All(message => letters.Any(letter => letter.Text("messageId").StartsWith(message.Prefix, StringComparison.Ordinal))));
        var notUtf8 = malformed[7];
        var notUtf8Id = listed.Select(letter => letter.Text("messageId")).First(id => id.StartsWith(notUtf8.Prefix, StringComparison.Ordinal));
        var peeked = await menu.GetAsync($"/sync/dead-letters/{Uri.EscapeDataString(notUtf8Id)}").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(notUtf8.AccountId.ToString(), peeked.Text("body"));
        var whereabouts = await menu.GetAsync($"/sync/entities/{nameof(AccountChanged)}/{malformed[0].AccountId}").ExpectAsync(HttpStatusCode.OK);
        Assert.All(whereabouts.GetProperty("copies").EnumerateArray(), copy => Assert.Equal(JsonValueKind.Null, copy.GetProperty("error").ValueKind));

        await DeadLetteredWithReasonsAsync(malformed);
    }

    static IEnumerable<string> Consumers =>
        ServiceCatalogue.Services.Where(service => service.ReplicatedOwners.Contains(Publisher)).Select(service => service.Name);

    async Task PublishAsync(IEnumerable<FloodMessage> messages)
    {
        await using var accounts = await WirePublisher.ConnectAsync(system, Publisher);
        foreach (var message in messages)
        {
            await accounts.PublishAsync(BrokerNames.OwnerExchange(Publisher), message.MessageId, message.Type, message.AppId, message.Headers, message.Body);
        }
    }

    /// <summary>A change made through the owner's API afterwards reaches every consumer of the owner's exchange.</summary>
    async Task RealChangesArriveAsync()
    {
        var customer = await system.SignUpAsync(Callers.Customer);
        foreach (var consumer in Consumers)
        {
            await system.AccountKnownToAsync(customer, consumer + "db");
        }
    }

    /// <summary>Every consumer dead-lettered every message, each letter with its reason, applied none, and is still attached; drains what it finds.</summary>
    async Task DeadLetteredWithReasonsAsync(IReadOnlyList<FloodMessage> messages)
    {
        await using var inspector = await RawBroker.ConnectAsync(system, RawBroker.Operator);
        foreach (var consumer in Consumers)
        {
            var letters = new List<(string? MessageId, IDictionary<string, object?> Headers)>();
            await Eventually.ValueAsync(async () =>
            {
                letters.AddRange(await inspector.DrainAsync(BrokerNames.DeadLetterQueue(consumer)));
                return letters.Count;
            }, _ => messages.All(message => letters.Any(letter => letter.MessageId?.StartsWith(message.Prefix, StringComparison.Ordinal) == true)));
            foreach (var message in messages)
            {
                var letter = letters.First(letter => letter.MessageId!.StartsWith(message.Prefix, StringComparison.Ordinal));
                Assert.True(letter.Headers.TryGetValue("fd-dead-letter-reason", out var reason) && RawBroker.Text(reason).Length > 0,
                    $"{consumer}: {message.Prefix} was dead-lettered with no reason");
            }
            using var client = await system.OperatorClientAsync(consumer, OperatorScope.Read);
            using var status = await client.GetFromJsonAsync<JsonDocument>("/sync/status");
            Assert.True(status!.RootElement.GetProperty("consumerAttached").GetBoolean(), $"{consumer} is detached");
        }
        await using var database = await system.OpenDatabaseAsync("menudb");
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM account_replicas WHERE id = ANY($1)", database);
        count.Parameters.AddWithValue(messages.Select(message => message.AccountId).ToArray());
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    const int Kinds = 14;

    /// <summary>
    /// A message of the <paramref name="kind"/>th kind: a valid <c>AccountChanged</c> from its owner's exchange with one thing
    /// wrong: the commit time out of range, of the wrong type or twice; the engine's headers as tables and deep arrays; a message
    /// id, type, app id or header name that is not UTF-8 (and grows when decoded); a message id longer than any id; a null body.
    /// </summary>
    static FloodMessage Malformed(int kind, string tag)
    {
        var prefix = $"flood-{tag}-";
        var id = Guid.NewGuid();
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id, version = 1L, deleted = false, email = $"{id:N}@example.com", displayName = "Flood", role = "Customer", status = "Active",
        });
        var messageId = Name(prefix);
        var type = Name(nameof(AccountChanged));
        var appId = Name(Publisher);
        var committedAt = LongValue(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        List<(byte[], byte[])> headers = [];
        byte[] Deep(int depth) => depth == 0 ? TextValue("west") : ArrayValue(Deep(depth - 1));
        byte[] NotUtf8(byte[] start) => [.. start, .. Enumerable.Repeat((byte)0xFF, 255 - start.Length)];
        switch (kind)
        {
            case 0: headers.Add((Name("fd-committed-at"), LongValue(long.MaxValue))); break;
            case 1: headers.Add((Name("fd-committed-at"), LongValue(long.MinValue))); break;
            case 2: headers.Add((Name("fd-committed-at"), TextValue("tomorrow"))); break;
            case 3: headers.Add((Name("fd-committed-at"), TableValue([(Name("ms"), committedAt)]))); break;
            case 4: headers.Add((Name("fd-received-from"), TableValue([(Name("exchange"), ArrayValue(TextValue("fooddelivery.accounts")))]))); break;
            case 5: headers.Add((Name("fd-origin-cluster"), Deep(64))); break;
            case 6:
                headers.Add((Name("traceparent"), TableValue([(Name("version"), LongValue(0))])));
                headers.Add((Name("tracestate"), TextValue(new string('x', 16_000))));
                break;
            case 7: messageId = NotUtf8(messageId); break;
            case 8: type = NotUtf8(type); break;
            case 9: headers.Add((NotUtf8([]), TextValue("nameless"))); break;
            case 10: appId = NotUtf8([]); break;
            case 11: messageId = Name(prefix.PadRight(255, 'a')); break;
            case 12:
                headers.Add((Name("fd-committed-at"), committedAt));
                headers.Add((Name("fd-committed-at"), LongValue(long.MaxValue)));
                break;
            default: body = "null"u8.ToArray(); break;
        }
        if (!headers.Any(header => header.Item1.SequenceEqual(Name("fd-committed-at"))))
        {
            headers.Add((Name("fd-committed-at"), committedAt));
        }
        return new FloodMessage(prefix, id, messageId, type, appId, Table(headers), body);
    }

    sealed record FloodMessage(string Prefix, Guid AccountId, byte[] MessageId, byte[] Type, byte[] AppId, byte[] Headers, byte[] Body);
}
