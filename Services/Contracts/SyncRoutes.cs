namespace FoodDelivery.Contracts;

/// <summary>
/// The operator endpoints' paths: the templates the engine maps (<c>Sync/Endpoints</c>) next to the paths its
/// clients call, the engine's own calls to other services, the AppHost's dashboard commands and the management
/// port's guard, so a renamed route cannot leave a caller behind. Templates are relative to <see cref="Prefix"/>.
/// </summary>
public static class SyncRoutes
{
    /// <summary>Every sync endpoint's prefix, only on the management port.</summary>
    public const string Prefix = "/sync";

    /// <summary>Other operator actions (an account's suspension), also only on the management port.</summary>
    public const string OperatorPrefix = "/operator";

    public const string StatusTemplate = "/status";
    public const string ConvergenceTemplate = "/convergence";
    public const string ResyncTemplate = "/resync";
    public const string RebuildTemplate = "/rebuild";
    public const string DeadLettersTemplate = "/dead-letters";
    public const string ReplayDeadLettersTemplate = "/dead-letters/replay";
    public const string DeadLetterTemplate = "/dead-letters/{messageId}";
    public const string ReplayDeadLetterTemplate = "/dead-letters/{messageId}/replay";
    public const string DiscardDeadLetterTemplate = "/dead-letters/{messageId}/discard";
    public const string EntityTemplate = "/entities/{eventType}/{id:guid}";
    public const string LocalEntityTemplate = "/entities/{eventType}/{id:guid}/local";
    public const string OwnedTemplate = "/owned/{eventType}";
    public const string RehomeEntityTemplate = "/owned/{eventType}/{id:guid}/rehome";
    public const string RehomeClusterTemplate = "/rehome/{lostCluster}";
    public const string FenceTemplate = "/fences/{owner}";

    public const string Status = Prefix + StatusTemplate;
    public const string Convergence = Prefix + ConvergenceTemplate;
    public const string Resync = Prefix + ResyncTemplate;
    public const string Rebuild = Prefix + RebuildTemplate;
    public const string DeadLetters = Prefix + DeadLettersTemplate;
    public const string ReplayDeadLetters = Prefix + ReplayDeadLettersTemplate;

    public static string DeadLetter(string messageId) => $"{DeadLetters}/{Uri.EscapeDataString(messageId)}";

    public static string ReplayDeadLetter(string messageId) => DeadLetter(messageId) + "/replay";

    public static string DiscardDeadLetter(string messageId) => DeadLetter(messageId) + "/discard";

    public static string Entity(string eventType, string id) => $"{Prefix}/entities/{Uri.EscapeDataString(eventType)}/{Uri.EscapeDataString(id)}";

    public static string LocalEntity(string eventType, Guid id) => Entity(eventType, id.ToString()) + "/local";

    public static string Owned(string eventType) => $"{Prefix}/owned/{Uri.EscapeDataString(eventType)}";

    public static string RehomeEntity(string eventType, Guid id) => $"{Owned(eventType)}/{id}/rehome";

    public static string RehomeCluster(string lostCluster) => $"{Prefix}/rehome/{Uri.EscapeDataString(lostCluster)}";

    /// <summary>The fence that lets the peer cluster take over what <paramref name="owner"/> homes here (POST sets it, DELETE lifts it).</summary>
    public static string Fence(string owner) => $"{Prefix}/fences/{Uri.EscapeDataString(owner)}";
}
