using System.Text;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Repair;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// Reading a delivery never throws, whatever its publisher set: what the engine cannot use is named for the screening
/// to dead-letter, and what it must send again (a dead letter, a replay) can always be sent.
/// </summary>
public sealed class DeliveryReadingTests
{
    static readonly byte[] Utf8 = "fooddelivery.accounts"u8.ToArray();

    public static TheoryData<string, object?> MalformedHeaders() => new()
    {
        { ChangeHeaders.CommittedAt, long.MaxValue },
        { ChangeHeaders.CommittedAt, long.MinValue },
        { ChangeHeaders.CommittedAt, "tomorrow"u8.ToArray() },
        { ChangeHeaders.CommittedAt, new Dictionary<string, object?> { ["ms"] = 1L } },
        { ChangeHeaders.CommittedAt, 1.5m },
        { ChangeHeaders.CommittedAt, new AmqpTimestamp(long.MaxValue) },
        { ChangeHeaders.CommittedAt, null },
        { ChangeHeaders.ReceivedFrom, new Dictionary<string, object?> { ["exchange"] = new List<object?> { Utf8 } } },
        { ChangeHeaders.OriginCluster, Deep(200) },
        { ChangeHeaders.OriginCluster, new BinaryTableValue([0xFF]) },
        { ChangeHeaders.TraceParent, new Dictionary<string, object?> { ["version"] = 0L } },
        { ChangeHeaders.TraceState, Encoding.UTF8.GetBytes(new string('x', 16_000)) },
        { ChangeHeaders.TraceState, new byte[] { 0xFF, 0xFE } },
        { "\uFFFD\uFFFD", "nameless"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void A_header_of_the_wrong_type_size_or_name_is_named_as_malformed_and_nothing_throws(string name, object? value)
    {
        var delivery = ChangeDelivery.From("fooddelivery.accounts", Properties(headers: new() { [name] = value }), "{}"u8.ToArray());

        Assert.NotNull(delivery.Malformed);
        Assert.Null(delivery.CommittedAt);
    }

    [Theory]
    [InlineData("\uFFFD-id", "AccountChanged", "accounts")]
    [InlineData("id", "Account\uFFFDChanged", "accounts")]
    [InlineData("id", "AccountChanged", "\uFFFD")]
    [InlineData("", "AccountChanged", "accounts")]
    [InlineData("id", " ", "accounts")]
    public void A_property_that_is_missing_or_not_utf8_is_named_as_malformed(string messageId, string type, string appId) =>
        Assert.NotNull(ChangeDelivery.From("fooddelivery.accounts", Properties(messageId, type, appId), "{}"u8.ToArray()).Malformed);

    [Fact]
    public void A_message_id_longer_than_the_inbox_holds_is_named_as_malformed() =>
        Assert.Contains("at most 100", ChangeDelivery.From("fooddelivery.accounts", Properties(new string('a', 255)), "{}"u8.ToArray()).Malformed);

    [Fact]
    public void A_well_formed_delivery_is_read_with_its_commit_time()
    {
        var committedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_123);
        var delivery = ChangeDelivery.From("fooddelivery.accounts", Properties(headers: new()
        {
            [ChangeHeaders.CommittedAt] = committedAt.ToUnixTimeMilliseconds(),
            [ChangeHeaders.TraceParent] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8.ToArray(),
            ["x-anything"] = new Dictionary<string, object?> { ["nested"] = Deep(20) },
        }), "{}"u8.ToArray());

        Assert.Null(delivery.Malformed);
        Assert.Equal(committedAt, delivery.CommittedAt);
    }

    [Fact]
    public void A_dead_letter_can_be_sent_again_whatever_its_properties_grew_to_when_decoded()
    {
        var grown = new string('\uFFFD', 255);
        var original = new BasicProperties
        {
            MessageId = grown, Type = grown, AppId = grown, UserId = "accounts", Expiration = "60000",
            Headers = new Dictionary<string, object?> { [grown] = "x"u8.ToArray() },
        };

        var resent = ResendableMessage.Of(original, frameMax: 131_072);

        Assert.All(new[] { resent.MessageId, resent.Type, resent.AppId }, text => Assert.InRange(Encoding.UTF8.GetByteCount(text!), 1, 255));
        Assert.StartsWith("\uFFFD", resent.MessageId);
        Assert.Null(resent.UserId);
        Assert.Null(resent.Expiration);
        Assert.All(resent.Headers!.Keys, key => Assert.InRange(Encoding.UTF8.GetByteCount(key), 1, 255));
    }

    [Fact]
    public void Headers_that_would_leave_no_room_in_the_frame_are_left_out_and_said_to_be()
    {
        var original = new BasicProperties { Headers = new Dictionary<string, object?> { ["padding"] = new byte[130_000] } };

        var resent = ResendableMessage.Of(original, frameMax: 131_072);

        Assert.Equal([ResendableMessage.HeadersDropped], resent.Headers!.Keys);
    }

    [Fact]
    public void A_header_reads_as_text_to_a_bounded_depth_and_absurd_times_read_as_unknown()
    {
        Assert.EndsWith("[...]]]]]]]]", AmqpHeaders.Describe(Deep(1000)));
        Assert.Null(AmqpHeaders.Seconds(new AmqpTimestamp(long.MaxValue)));
        Assert.Null(AmqpHeaders.Milliseconds(new Dictionary<string, object?> { ["t"] = long.MinValue }, "t"));
    }

    [Fact]
    public void A_replay_believes_the_engine_s_own_record_and_x_death_only_from_a_broker_that_writes_it_alone()
    {
        const string replay = "fooddelivery.orders.replay";
        var forged = new Dictionary<string, object?>
        {
            [ChangeHeaders.ReceivedFrom] = "fooddelivery.menu"u8.ToArray(),
            ["x-death"] = new List<object?> { new Dictionary<string, object?> { ["exchange"] = "fooddelivery.payments"u8.ToArray() } },
        };

        Assert.Equal("fooddelivery.menu", DeadLetterReplay.FirstArrival(BrokerNames.EngineDeadLetterKey, forged, brokerWritesDeathsAlone: false, replay));
        Assert.Null(DeadLetterReplay.FirstArrival(BrokerNames.BrokerDeadLetterKey, forged, brokerWritesDeathsAlone: false, replay));
        Assert.Equal("fooddelivery.payments", DeadLetterReplay.FirstArrival(BrokerNames.BrokerDeadLetterKey, forged, brokerWritesDeathsAlone: true, replay));
        forged["x-death"] = new List<object?> { "not a table"u8.ToArray() };
        Assert.Null(DeadLetterReplay.FirstArrival(BrokerNames.BrokerDeadLetterKey, forged, brokerWritesDeathsAlone: true, replay));
    }

    static BasicProperties Properties(string messageId = "id", string type = "AccountChanged", string appId = "accounts",
        Dictionary<string, object?>? headers = null) =>
        new() { MessageId = messageId, Type = type, AppId = appId, Headers = headers };

    static object Deep(int depth) => depth == 0 ? "west"u8.ToArray() : new List<object?> { Deep(depth - 1) };
}
