using System.Security.Cryptography;
using System.Text;

namespace FoodDelivery.Contracts;

/// <summary>
/// How an operator (or the dashboard, or one service reading another's snapshots) proves it may call the
/// operator endpoints (<c>/sync/*</c>, <c>/operator/*</c>): a key in one header. The operator's keys are per
/// cluster and per scope; the AppHost generates them as parameters with these names (<c>east-sync-read-key</c>
/// with two clusters) and keeps them: a service is given only their <see cref="Digest"/>s
/// (<c>Sync:ReadKeyDigest</c>, <c>Sync:RepairKeyDigest</c>), which verify a key and open nothing.
/// A service that reads its owners' snapshots holds a caller key of its own (<c>Sync:CallerKey</c>, parameter
/// <c>{service}-</c><see cref="CallerKeyParameterSuffix"/>), whose digest each owner holds with the types it may read.
/// </summary>
public static class OperatorKeys
{
    public const string Header = "X-Operator-Key";

    /// <summary>Opens what only reads: status, convergence, where an entity is, owned snapshots, dead letters listed and peeked.</summary>
    public const string ReadKeyParameter = "sync-read-key";

    /// <summary>Opens everything, reads included: replay, discard, resync, rebuild, re-home, account suspension.</summary>
    public const string RepairKeyParameter = "sync-repair-key";

    /// <summary>A service's own key for reading the owned snapshots of the types it replicates (<c>menu-sync-caller-key</c>).</summary>
    public const string CallerKeyParameterSuffix = "sync-caller-key";

    /// <summary>
    /// What a service holds instead of a key: the key's SHA-256 in lowercase hex. The keys are generated with at
    /// least 24 random letters and digits, so the digest cannot be turned back into a key.
    /// </summary>
    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
