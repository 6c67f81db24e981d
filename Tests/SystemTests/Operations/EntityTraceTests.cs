using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Entity history joined to traces: the engine's publish and process spans follow the OpenTelemetry messaging
/// conventions for RabbitMQ and name the entity (id, version, epoch), so every trace of one entity is found by its id;
/// a dead-lettered delivery's span is an error with its <c>error.type</c>; and "Where is ...?" gives each version the
/// trace that carried it.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class EntityTraceTests(RunningSystem system)
{
    static readonly string[] RestaurantConsumers =
        [.. ServiceCatalogue.Services.Where(service => service.Replicates.Contains(nameof(RestaurantChanged))).Select(service => service.Name)];

    static readonly string Exchange = BrokerNames.OwnerExchange("restaurants");

    [Fact]
    public async Task Publish_and_process_spans_follow_the_rabbitmq_messaging_conventions_and_name_the_entity()
    {
        var traceId = NewTraceId();
        var id = await CreateTracedAsync(traceId);
        var broker = await RawBroker.UriAsync(system, "restaurants");

        await Eventually.AssertAsync(() =>
        {
            var trace = system.Telemetry.Trace(traceId);
            var publish = Assert.Single(trace, span => span is { Service: "restaurants", Kind: CollectedSpan.Producer } && span.Name == $"publish {Exchange}");
            AssertMessaging(publish, "publish", "send", broker);
            AssertEntity(publish, id, 1);
            foreach (var consumer in RestaurantConsumers)
            {
                var process = Assert.Single(trace, span => span is { Kind: CollectedSpan.Consumer } && span.Service == consumer && span.Name == $"process {Exchange}");
                AssertMessaging(process, "process", "process", broker);
                AssertEntity(process, id, 1);
                Assert.Equal(BrokerNames.Queue(consumer), process.Attributes["messaging.destination.subscription.name"]);
                Assert.True(long.Parse(process.Attributes["messaging.rabbitmq.message.delivery_tag"], CultureInfo.InvariantCulture) > 0);
                Assert.Equal(publish.Attributes["messaging.message.id"], process.Attributes["messaging.message.id"]);
                Assert.Equal(CollectedSpan.Unset, process.StatusCode);
            }
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Every_trace_of_one_entity_is_found_by_its_id_attribute()
    {
        var (created, renamed) = (NewTraceId(), NewTraceId());
        var id = await CreateTracedAsync(created);
        await system.MenuRestaurantAtAsync(id, 1);
        await SendTracedAsync(renamed, HttpMethod.Put, $"/restaurants/{id}", "Renamed");

        await Eventually.AssertAsync(() =>
        {
            // What the dashboard's Traces filter "fooddelivery.sync.entity.id = {id}" matches.
            var spans = system.Telemetry.All.Where(span => span.Attributes.TryGetValue("fooddelivery.sync.entity.id", out var entity) && entity == id.ToString()).ToList();
            Assert.Equal(new[] { created, renamed }.Order(StringComparer.Ordinal), spans.Select(span => span.TraceId).Distinct().Order(StringComparer.Ordinal));
            foreach (var (traceId, version) in new[] { (created, 1L), (renamed, 2L) })
            {
                var ofTrace = spans.Where(span => span.TraceId == traceId).ToList();
                Assert.Contains(ofTrace, span => span.Kind == CollectedSpan.Producer && span.Service == "restaurants");
                Assert.Equal(RestaurantConsumers.Order(StringComparer.Ordinal),
                    ofTrace.Where(span => span.Kind == CollectedSpan.Consumer).Select(span => span.Service).Order(StringComparer.Ordinal));
                Assert.All(ofTrace, span => Assert.Equal(version.ToString(CultureInfo.InvariantCulture), span.Attributes["fooddelivery.sync.entity.version"]));
            }
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task A_dead_lettered_delivery_span_has_error_status_and_an_error_type()
    {
        // Version 0 breaks the contract: every consumer of restaurants dead-letters it.
        var (id, messageId, traceId) = (Guid.NewGuid(), Guid.NewGuid().ToString(), NewTraceId());
        await using (var broker = await RawBroker.ConnectAsync(system, "restaurants"))
        {
            await broker.PublishToAsync(Exchange, "", nameof(RestaurantChanged), RestaurantReplicationTests.Snapshot(id, 0, "Version zero"), messageId, "restaurants",
                new Dictionary<string, object?>
                {
                    ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01",
                    ["fd-aggregate-id"] = id.ToString(),
                    ["fd-version"] = 0L,
                });
        }

        try
        {
            await Eventually.AssertAsync(() =>
            {
                var trace = system.Telemetry.Trace(traceId);
                foreach (var consumer in RestaurantConsumers)
                {
                    var process = Assert.Single(trace, span => span is { Kind: CollectedSpan.Consumer } && span.Service == consumer && span.Name == $"process {Exchange}");
                    Assert.Equal(CollectedSpan.Error, process.StatusCode);
                    Assert.Equal("refused-change", process.Attributes["error.type"]);
                    Assert.Contains("version", process.StatusMessage, StringComparison.OrdinalIgnoreCase);
                    Assert.Equal("dead_lettered", process.Attributes["fooddelivery.sync.outcome"]);
                    Assert.Equal(id.ToString(), process.Attributes["fooddelivery.sync.entity.id"]);
                }
                return Task.CompletedTask;
            });
        }
        finally
        {
            // The other tests of this system expect no dead letters waiting.
            foreach (var consumer in RestaurantConsumers)
            {
                using var client = await system.OperatorClientAsync(consumer);
                await Eventually.AssertAsync(async () =>
                    await client.PostAsJsonAsync($"/sync/dead-letters/{messageId}/discard", new { by = "EntityTraceTests", reason = "made to be dead-lettered" })
                        .ExpectAsync(HttpStatusCode.OK));
            }
        }
    }

    [Fact]
    public async Task Where_is_gives_each_version_the_trace_that_carried_it()
    {
        var traceId = NewTraceId();
        var id = await CreateTracedAsync(traceId);
        foreach (var consumer in RestaurantConsumers)
        {
            await system.ReplicaReachesAsync(consumer + "db", "restaurant_replicas", id, 1);
        }

        using var reviews = await system.OperatorClientAsync("reviews");
        var where = await reviews.GetAsync($"/sync/entities/{nameof(RestaurantChanged)}/{id}").ExpectAsync(HttpStatusCode.OK);
        var copies = where.GetProperty("copies").EnumerateArray().ToDictionary(copy => copy.Text("service"));
        var published = Assert.Single(copies["restaurants"].GetProperty("published").EnumerateArray());
        Assert.Equal(traceId, published.Text("traceId"));
        // This system runs no dashboard, so there is nothing to link to.
        Assert.Equal(JsonValueKind.Null, published.GetProperty("traceUrl").ValueKind);
        foreach (var consumer in RestaurantConsumers)
        {
            var received = Assert.Single(copies[consumer].GetProperty("received").EnumerateArray());
            Assert.Equal(traceId, received.Text("traceId"));
            Assert.Equal(JsonValueKind.Null, received.GetProperty("traceUrl").ValueKind);
        }
        // And it is the trace that carried the version: the owner's publish and each consumer's processing of version 1 are in it.
        await Eventually.AssertAsync(() =>
        {
            var carried = system.Telemetry.Trace(traceId)
                .Where(span => span.Attributes.TryGetValue("fooddelivery.sync.entity.version", out var version) && version == "1").ToList();
            Assert.Contains(carried, span => span is { Service: "restaurants", Kind: CollectedSpan.Producer });
            Assert.All(RestaurantConsumers, consumer => Assert.Contains(carried, span => span.Kind == CollectedSpan.Consumer && span.Service == consumer));
            return Task.CompletedTask;
        });

        var command = await system.CommandAsync("orders", "where-is", new Dictionary<string, string> { ["eventType"] = nameof(RestaurantChanged), ["id"] = id.ToString() });
        Assert.True(command.Success, command.Message);
        Assert.Contains("| trace |", command.Data!.Value);
        Assert.Contains($"| menu | v1 | applied |", command.Data.Value);
        Assert.Contains($"`{traceId}` |", command.Data.Value);
    }

    static string NewTraceId() => ActivityTraceId.CreateRandom().ToHexString();

    async Task<Guid> CreateTracedAsync(string traceId) =>
        (await SendTracedAsync(traceId, HttpMethod.Post, "/restaurants", $"Traced {traceId[..8]}")).Id();

    async Task<JsonElement> SendTracedAsync(string traceId, HttpMethod method, string path, string name)
    {
        var owner = await system.SharedOwnerAsync();
        await system.AccountKnownToAsync(owner, "restaurantsdb");
        using var restaurants = system.Client("restaurants", owner);
        using var request = new HttpRequestMessage(method, path)
        {
            Content = JsonContent.Create(new { name, address = "1 Span Street", cuisine = "Traced", isOpen = true }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return await restaurants.SendAsync(request).ExpectAsync(method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK);
    }

    static void AssertMessaging(CollectedSpan span, string operationName, string operationType, Uri broker)
    {
        Assert.Equal("rabbitmq", span.Attributes["messaging.system"]);
        Assert.Equal(operationName, span.Attributes["messaging.operation.name"]);
        Assert.Equal(operationType, span.Attributes["messaging.operation.type"]);
        Assert.Equal(Exchange, span.Attributes["messaging.destination.name"]);
        // The owner exchanges are fanouts, published with an empty routing key: the conventions want it only when not empty.
        Assert.False(span.Attributes.ContainsKey("messaging.rabbitmq.destination.routing_key"));
        Assert.True(Guid.TryParse(span.Attributes["messaging.message.id"], out _));
        Assert.Equal(broker.Host, span.Attributes["server.address"]);
        Assert.Equal(broker.Port.ToString(CultureInfo.InvariantCulture), span.Attributes["server.port"]);
    }

    static void AssertEntity(CollectedSpan span, Guid id, long version)
    {
        Assert.Equal(id.ToString(), span.Attributes["fooddelivery.sync.entity.id"]);
        Assert.Equal(version.ToString(CultureInfo.InvariantCulture), span.Attributes["fooddelivery.sync.entity.version"]);
        Assert.Equal("0", span.Attributes["fooddelivery.sync.entity.epoch"]);
    }
}
