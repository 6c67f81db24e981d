namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>
/// What a service's login may wait for and hold, set on its role so the database enforces it in every session the
/// service opens (run mode's <see cref="DatabaseProvisioning"/>, and <c>initdb/10-service-logins.sh</c> for the
/// container image and the Kubernetes logins Job, which the CNPG overlay runs against its primary too; the script states
/// the same values, and a deployment test reads them back from a server it ran). A replica paused
/// while holding a lock in a transaction loses it after <see cref="IdleInTransaction"/>; every other session waits at
/// most <see cref="LockWait"/> for a lock and then fails, which the sync engine parks and retries, instead of waiting
/// forever with an applier. The migrator lifts the lock limit for its own session (it waits for other replicas).
/// </summary>
public static class LoginWaitLimits
{
    /// <summary><c>lock_timeout</c>: the longest wait for a row, table or advisory lock.</summary>
    public const string LockWait = "5s";

    /// <summary><c>idle_in_transaction_session_timeout</c>: a session idle inside a transaction this long is ended (its locks released).</summary>
    public const string IdleInTransaction = "30s";

    /// <summary>The statements that set both on <paramref name="quotedRole"/> (quoted already).</summary>
    public static string SetOn(string quotedRole) =>
        $"ALTER ROLE {quotedRole} SET lock_timeout = '{LockWait}'; ALTER ROLE {quotedRole} SET idle_in_transaction_session_timeout = '{IdleInTransaction}';";
}
