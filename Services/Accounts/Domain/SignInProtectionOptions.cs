using System.ComponentModel.DataAnnotations;

namespace FoodDelivery.Accounts.Domain;

/// <summary>
/// Section <c>Accounts:SignIn</c>: how hard accounts makes guessing passwords and mass sign-ups.
/// Per-client and per-email limits are kept in each process (a replica counts its own callers);
/// the lockout is kept in the database, so it holds across replicas and restarts.
/// </summary>
public sealed class SignInProtectionOptions
{
    public const string Section = "Accounts:SignIn";

    /// <summary>Sign-in attempts one client address may make per minute.</summary>
    [Range(1, 100_000)]
    public int SignInsPerClientPerMinute { get; set; } = 30;

    /// <summary>Sign-ups one client address may make per minute.</summary>
    [Range(1, 100_000)]
    public int SignUpsPerClientPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts for one (normalised) email per minute, from anywhere.</summary>
    [Range(1, 100_000)]
    public int SignInsPerEmailPerMinute { get; set; } = 10;

    /// <summary>Sign-ups for one (normalised) email per minute, from anywhere.</summary>
    [Range(1, 100_000)]
    public int SignUpsPerEmailPerMinute { get; set; } = 3;

    /// <summary>Consecutive wrong passwords for one email before it is locked.</summary>
    [Range(1, 1_000)]
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a locked email stays locked; the lock lifts by itself.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Password hashes computed at once (PBKDF2 costs a core for tens of milliseconds); 0 is one per core.</summary>
    [Range(0, 1_024)]
    public int ConcurrentHashes { get; set; }

    /// <summary>Callers waiting for a hash slot before the next one is turned away with 429.</summary>
    [Range(0, 10_000)]
    public int HashQueue { get; set; } = 64;
}
