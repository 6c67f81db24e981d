namespace FoodDelivery.Contracts;

/// <summary>
/// Every service's health endpoints and the tags that pick their checks, named once for the service defaults that
/// map them, the engine that tags its database check and the tools that probe them.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The full report (database, sync, outbox backlog, dead letters): for the dashboard and alerts.</summary>
    public const string Health = "/health";

    /// <summary>Readiness: the process and its own database, so it can serve its API. A broker outage, which the outbox rides out, does not change it.</summary>
    public const string Ready = "/ready";

    /// <summary>Liveness: the process answers.</summary>
    public const string Alive = "/alive";

    /// <summary>Checks in <see cref="Alive"/> (and so in <see cref="Ready"/>).</summary>
    public const string LiveTag = "live";

    /// <summary>Checks in <see cref="Ready"/>: what serving the API needs besides the process.</summary>
    public const string ReadyTag = "ready";
}
