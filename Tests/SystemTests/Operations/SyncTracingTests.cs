using System.Diagnostics;

namespace FoodDelivery.SystemTests;

/// <summary>One change, one trace: the owner's request, the publish, and every consumer's apply.</summary>
[Collection(nameof(RunningSystem))]
public sealed class SyncTracingTests(RunningSystem system)
{
    [Fact]
    public async Task A_restaurant_change_is_one_trace_from_the_http_request_through_the_publish_to_menus_apply_and_its_sql()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var name = $"Traced {Guid.NewGuid():N}";
        var owner = await system.SharedOwnerAsync();
        await system.AccountKnownToAsync(owner, "restaurantsdb");
        using var restaurants = system.Client("restaurants", owner);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/restaurants")
        {
            Content = JsonContent.Create(new { name, address = "1 Span Street", cuisine = "Traced", isOpen = true }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var id = (await restaurants.SendAsync(request).ExpectAsync(HttpStatusCode.Created)).Id();
        await system.MenuRestaurantAtAsync(id, 1);

        await Eventually.AssertAsync(() =>
        {
            var trace = system.Telemetry.Trace(traceId.ToHexString());
            var server = Assert.Single(trace, span => span is { Service: "restaurants", Kind: CollectedSpan.Server });
            var publish = Assert.Single(trace, span => span is { Service: "restaurants", Kind: CollectedSpan.Producer, Name: "publish fooddelivery.restaurants" });
            var apply = Assert.Single(trace, span => span is { Service: "menu", Kind: CollectedSpan.Consumer } && span.Name == "process fooddelivery.restaurants");

            // The publish happened later, in the relay, yet it continues the request's trace.
            Assert.Equal(server.SpanId, publish.ParentSpanId);
            Assert.Equal("rabbitmq", publish.Attributes["messaging.system"]);
            Assert.Equal("fooddelivery.restaurants", publish.Attributes["messaging.destination.name"]);
            Assert.Equal("applied", apply.Attributes["fooddelivery.sync.outcome"]);
            Assert.Equal(publish.Attributes["messaging.message.id"], apply.Attributes["messaging.message.id"]);
            // The apply is the publish's child: the AMQP client's own send and receive spans are not exported, they would
            // double every hop.
            Assert.Equal(publish.SpanId, apply.ParentSpanId);
            Assert.Equal(2, trace.Count(span => span.Attributes.ContainsKey("messaging.system") && span.Service is "restaurants" or "menu"));
            // The consumer's database work is inside its span.
            Assert.Contains(trace, span => span.Service == "menu" && span.ParentSpanId == apply.SpanId && span.Attributes.ContainsKey("db.system.name") | span.Attributes.ContainsKey("db.system"));
            // No message body in any span.
            Assert.DoesNotContain(trace, span => span.Attributes.Values.Any(value => value.Contains(name, StringComparison.Ordinal)));
            return Task.CompletedTask;
        });
    }
}
