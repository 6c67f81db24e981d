using System.Security.Cryptography;

namespace FoodDelivery.Payments.Domain;

/// <summary>
/// The identity of an order's one charge, which every cluster derives the same way from the order alone: a
/// name-based UUID (version 8 with SHA-256, RFC 9562 section 5.8 and appendix B.2) of the order id in payments' own
/// namespace, whose first 48 bits are the order id's (its UUIDv7 time), so payments still list in the order they were
/// placed, as the API's pages promise. It is the payment's id, so a second charge of the order meets the first at the payments table's primary
/// key, whether the first is this cluster's row or the home copy of the other's, and two clusters that both charged
/// the order during a partition wrote the same payment, not two; it is also the idempotency key a real processor is
/// called with, so the money moves once. The order's version is not part of it: an order is placed once (created
/// Placed, never placed again), while the version a cluster sees it Placed at is not the same in both (a take-over
/// restarts the write count in the next epoch).
/// </summary>
public static class ChargeKey
{
    /// <summary>Payments' namespace for charge keys (fixed for good: changing it would charge every order again).</summary>
    public static readonly Guid Namespace = Guid.Parse("6f1c35a2-4d0e-4b7a-9a61-2c8d5e0b9f13");

    public static Guid Of(Guid orderId)
    {
        var order = orderId.ToByteArray(bigEndian: true);
        Span<byte> key = stackalloc byte[16];
        NameBased(Namespace, order).TryWriteBytes(key, bigEndian: true, out _);
        // The order's creation time in front (the version and variant bits lie after it).
        order.AsSpan(0, 6).CopyTo(key);
        return new Guid(key, bigEndian: true);
    }

    /// <summary>RFC 9562's name-based UUID with SHA-256: the hash of the namespace and the name, version 8, RFC variant.</summary>
    public static Guid NameBased(Guid space, ReadOnlySpan<byte> name)
    {
        Span<byte> input = stackalloc byte[16 + name.Length];
        space.TryWriteBytes(input[..16], bigEndian: true, out _);
        name.CopyTo(input[16..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
