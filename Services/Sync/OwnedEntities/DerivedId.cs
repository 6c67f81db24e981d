using System.Security.Cryptography;

namespace FoodDelivery.Sync.OwnedEntities;

/// <summary>
/// The id of an owned entity made as the effect of another (an order's charge, its delivery), which every cluster
/// derives alike without asking the other: a name-based UUID (RFC 9562 version 8 with SHA-256, section 5.8 and appendix
/// B.2) of the source id in the effect's own namespace, with the source id's first 48 bits in front (a UUIDv7's time),
/// so effects still sort by when their sources were made. Two clusters that both made the effect during a partition
/// made one entity, which meets itself at the table's primary key (own rows and home copies alike); created in the
/// source's ownership epoch (<see cref="IOwnedEntity.Version"/>), the new home's outranks the old home's.
/// </summary>
public static class DerivedId
{
    /// <summary>The effect of <paramref name="source"/> in <paramref name="space"/> (fixed for good per kind of effect).</summary>
    public static Guid Of(Guid space, Guid source)
    {
        var name = source.ToByteArray(bigEndian: true);
        Span<byte> id = stackalloc byte[16];
        NameBased(space, name).TryWriteBytes(id, bigEndian: true, out _);
        // The source's creation time in front (the version and variant bits lie after it).
        name.AsSpan(0, 6).CopyTo(id);
        return new Guid(id, bigEndian: true);
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
