using System.Security.Cryptography;
using System.Text;

namespace FoodDelivery.Sync.Repair;

/// <summary>
/// Checks a presented key against the digest a service holds (<see cref="FoodDelivery.Contracts.OperatorKeys.Digest"/>),
/// so that a service opens with a key it never holds itself.
/// </summary>
static class OperatorKeyDigest
{
    /// <summary>A digest's length in hex.</summary>
    public const int Length = 64;

    static bool IsWellFormed(string digest) => digest.Length == Length && digest.All(Uri.IsHexDigit);

    /// <summary>
    /// Compares digests in fixed time (always 32 bytes, so the time does not tell how near a guess came). An unset or
    /// malformed digest opens nothing.
    /// </summary>
    public static bool Matches(string presented, string digest)
    {
        var wellFormed = IsWellFormed(digest);
        var expected = wellFormed ? Convert.FromHexString(digest) : new byte[Length / 2];
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected) && wellFormed;
    }
}
