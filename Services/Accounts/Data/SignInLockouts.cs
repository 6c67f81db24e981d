using FoodDelivery.Accounts.Domain;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Accounts.Data;

/// <summary>The lockout of an email after wrong passwords in a row (table <c>sign_in_lockouts</c>).</summary>
public static class SignInLockouts
{
    /// <summary>When the email's lock lifts, if it is locked at <paramref name="now"/>.</summary>
    public static async Task<DateTimeOffset?> LockedUntilAsync(this AccountsDb db, string email, DateTimeOffset now, CancellationToken ct) =>
        await db.SignInLockouts.AsNoTracking()
            .Where(lockout => lockout.Email == email && lockout.LockedUntil > now)
            .Select(lockout => lockout.LockedUntil)
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Claims one password check for the email, counted as a wrong password until the check proves it right
    /// (<see cref="ClearWrongPasswordsAsync"/>); false while the email is locked. One statement, under the row's
    /// lock, so concurrent guesses are counted one after another and at most the threshold is ever checked: the
    /// claim that reaches it locks the email for the rest. A count starts again after a lock has lifted, or when
    /// the last wrong password is older than the lockout itself.
    /// </summary>
    public static async Task<bool> ClaimPasswordCheckAsync(this AccountsDb db, string email, DateTimeOffset now, SignInProtectionOptions options, CancellationToken ct)
    {
        var lockedUntil = now + options.LockoutDuration;
        var staleBefore = now - options.LockoutDuration;
        var threshold = options.LockoutThreshold;
        // In DO UPDATE, l.* are the values before this attempt; a locked row is not updated, so nothing is claimed.
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO sign_in_lockouts AS l (email, failed_attempts, last_failure_at, locked_until)
            VALUES ({email}, 1, {now}, CASE WHEN {threshold} <= 1 THEN {lockedUntil} END)
            ON CONFLICT (email) DO UPDATE SET
                failed_attempts = CASE WHEN l.locked_until <= {now} OR l.last_failure_at < {staleBefore} THEN 1 ELSE l.failed_attempts + 1 END,
                last_failure_at = {now},
                locked_until = CASE
                    WHEN (CASE WHEN l.locked_until <= {now} OR l.last_failure_at < {staleBefore} THEN 1 ELSE l.failed_attempts + 1 END) >= {threshold}
                    THEN {lockedUntil} END
            WHERE l.locked_until IS NULL OR l.locked_until <= {now}
            """, ct);
        return claimed == 1;
    }

    /// <summary>A right password clears the count (and the lock its own claim may have set).</summary>
    public static Task ClearWrongPasswordsAsync(this AccountsDb db, string email, CancellationToken ct) =>
        db.SignInLockouts.Where(lockout => lockout.Email == email).ExecuteDeleteAsync(ct);
}
