using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Publishes AMQP 0-9-1 frames written byte by byte, as a client in any language could, with a service's own broker
/// credentials: property bytes that are not UTF-8, header tables of any type and shape. The .NET client cannot send
/// those (it encodes every string it is given), but the broker passes them on, so a consumer must survive them.
/// Each publish is confirmed by the broker.
/// </summary>
public sealed class WirePublisher : IAsyncDisposable
{
    const ushort Channel = 1;
    readonly TcpClient tcp;
    readonly Stream stream;
    ulong published;

    WirePublisher(TcpClient tcp, Stream stream)
    {
        this.tcp = tcp;
        this.stream = stream;
    }

    public static async Task<WirePublisher> ConnectAsync(AppHostSystem system, string user)
    {
        var uri = await RawBroker.UriAsync(system, user);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        // The broker takes AMQP over TLS only: the frames go through TLS, the broker verified as the services verify it.
        var broker = BrokerUri.Parse(uri.AbsoluteUri);
        Stream stream = tcp.GetStream();
        if (broker.IsTls)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false, broker.VerifyServer);
            await tls.AuthenticateAsClientAsync(uri.Host);
            stream = tls;
        }
        var publisher = new WirePublisher(tcp, stream);
        await publisher.OpenAsync(Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]), Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]));
        return publisher;
    }

    async Task OpenAsync(string user, string password)
    {
        await stream.WriteAsync("AMQP\0\0\x09\x01"u8.ToArray());
        await ExpectMethodAsync(10, 10); // connection.start
        await SendMethodAsync(0, 10, 11, Concat(
            Table([]), ShortString("PLAIN"u8.ToArray()), LongString(Encoding.UTF8.GetBytes($"\0{user}\0{password}")), ShortString("en_US"u8.ToArray())));
        var tune = await ExpectMethodAsync(10, 30);
        await SendMethodAsync(0, 10, 31, Concat(tune.AsSpan(0, 6).ToArray(), [0, 0])); // tune-ok: their limits, no heartbeats
        await SendMethodAsync(0, 10, 40, Concat(ShortString("/"u8.ToArray()), ShortString([]), [0]));
        await ExpectMethodAsync(10, 41);
        await SendMethodAsync(Channel, 20, 10, ShortString([]));
        await ExpectMethodAsync(20, 11);
        await SendMethodAsync(Channel, 85, 10, [0]); // confirm.select
        await ExpectMethodAsync(85, 11);
    }

    /// <summary>Publishes one message to <paramref name="exchange"/>; <paramref name="headers"/> is an encoded table (see <see cref="Table"/>).</summary>
    public async Task PublishAsync(string exchange, byte[] messageId, byte[] type, byte[] appId, byte[] headers, byte[] body)
    {
        await SendMethodAsync(Channel, 60, 40, Concat([0, 0], ShortString(Encoding.UTF8.GetBytes(exchange)), ShortString([]), [0]));
        // content-type, headers, delivery-mode, message-id, type, app-id
        const ushort flags = (1 << 15) | (1 << 13) | (1 << 12) | (1 << 7) | (1 << 5) | (1 << 3);
        var header = Concat(
            U16(60), U16(0), U64((ulong)body.Length), U16(flags),
            ShortString("application/json"u8.ToArray()), headers, [2], ShortString(messageId), ShortString(type), ShortString(appId));
        await SendFrameAsync(2, Channel, header);
        await SendFrameAsync(3, Channel, body);
        published++;
        var ack = await ExpectMethodAsync(60, 80);
        Assert.True(BinaryPrimitives.ReadUInt64BigEndian(ack) >= published, "The broker did not confirm the publish.");
    }

    /// <summary>A header table's bytes: its length, then each name (a short string of any bytes) and encoded value.</summary>
    public static byte[] Table(IEnumerable<(byte[] Name, byte[] Value)> fields)
    {
        var content = Concat([.. fields.Select(field => Concat(ShortString(field.Name), field.Value))]);
        return Concat(U32((uint)content.Length), content);
    }

    public static byte[] Name(string name) => Encoding.UTF8.GetBytes(name);

    public static byte[] TextValue(byte[] bytes) => Concat([(byte)'S'], LongString(bytes));

    public static byte[] TextValue(string text) => TextValue(Encoding.UTF8.GetBytes(text));

    public static byte[] LongValue(long value) => Concat([(byte)'l'], U64((ulong)value));

    public static byte[] TableValue(IEnumerable<(byte[] Name, byte[] Value)> fields) => Concat([(byte)'F'], Table(fields));

    public static byte[] ArrayValue(params byte[][] values)
    {
        var content = Concat(values);
        return Concat([(byte)'A'], U32((uint)content.Length), content);
    }

    public static byte[] TimestampValue(ulong seconds) => Concat([(byte)'T'], U64(seconds));

    async Task SendMethodAsync(ushort channel, ushort classId, ushort methodId, byte[] arguments) =>
        await SendFrameAsync(1, channel, Concat(U16(classId), U16(methodId), arguments));

    async Task SendFrameAsync(byte type, ushort channel, byte[] payload) =>
        await stream.WriteAsync(Concat([type], U16(channel), U32((uint)payload.Length), payload, [0xCE]));

    /// <summary>Reads frames until a method arrives: its arguments when it is the one expected, else the broker's refusal as the failure.</summary>
    async Task<byte[]> ExpectMethodAsync(ushort classId, ushort methodId)
    {
        while (true)
        {
            var head = new byte[7];
            await stream.ReadExactlyAsync(head);
            var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(3)) + 1];
            await stream.ReadExactlyAsync(payload);
            if (head[0] != 1)
            {
                continue;
            }
            var (gotClass, gotMethod) = (BinaryPrimitives.ReadUInt16BigEndian(payload), BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(2)));
            if (gotClass == classId && gotMethod == methodId)
            {
                return payload[4..^1];
            }
            Assert.Fail($"The broker answered {gotClass}.{gotMethod} instead of {classId}.{methodId}: {Encoding.UTF8.GetString(payload[4..^1])}");
        }
    }

    static byte[] ShortString(byte[] bytes) => Concat([checked((byte)bytes.Length)], bytes);

    static byte[] LongString(byte[] bytes) => Concat(U32((uint)bytes.Length), bytes);

    static byte[] U16(ushort value) => [(byte)(value >> 8), (byte)value];

    static byte[] U32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    static byte[] U64(ulong value) => Concat(U32((uint)(value >> 32)), U32((uint)value));

    static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    public async ValueTask DisposeAsync()
    {
        // connection.close, so the broker does not log a client that vanished.
        await SendMethodAsync(0, 10, 50, Concat(U16(200), ShortString("done"u8.ToArray()), U16(0), U16(0)));
        await ExpectMethodAsync(10, 51);
        await stream.DisposeAsync();
        tcp.Dispose();
    }
}
