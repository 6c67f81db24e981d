namespace FoodDelivery.Contracts;

/// <summary>
/// How an operator (or the dashboard, or one service checking another) proves it may call the
/// operator endpoints (<c>/sync/*</c>, <c>/operator/*</c>): a key per cluster and per scope, in one
/// header. The AppHost generates the keys as parameters with these names (<c>east-sync-read-key</c> with
/// two clusters) and passes them to the services as <c>Sync:ReadKey</c> and <c>Sync:RepairKey</c>.
/// </summary>
public static class OperatorKeys
{
    public const string Header = "X-Operator-Key";

    /// <summary>Opens what only reads: status, convergence, where an entity is, owned snapshots, dead letters listed and peeked.</summary>
    public const string ReadKeyParameter = "sync-read-key";

    /// <summary>Opens everything, reads included: replay, discard, resync, rebuild, re-home, account suspension.</summary>
    public const string RepairKeyParameter = "sync-repair-key";
}
