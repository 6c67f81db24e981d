using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace FoodDelivery.Accounts.Domain;

/// <summary>
/// The limits a sign-in or sign-up passes before its password is hashed: attempts per normalised
/// email (however many addresses the guesses come from) and hashes computed at once (each costs a
/// core for tens of milliseconds, so a burst would starve every other request). The per-client
/// limits are the rate limiter middleware's (<c>SignInThrottling</c>).
/// </summary>
public sealed class SignInGuard : IDisposable
{
    readonly PartitionedRateLimiter<string> signInsPerEmail;
    readonly PartitionedRateLimiter<string> signUpsPerEmail;
    readonly ConcurrencyLimiter hashing;

    public SignInGuard(IOptions<SignInProtectionOptions> options)
    {
        var settings = options.Value;
        signInsPerEmail = PerMinute(settings.SignInsPerEmailPerMinute);
        signUpsPerEmail = PerMinute(settings.SignUpsPerEmailPerMinute);
        hashing = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.ConcurrentHashes > 0 ? settings.ConcurrentHashes : Environment.ProcessorCount,
            QueueLimit = settings.HashQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>When the email may try to sign in again, if it has used up its attempts this minute.</summary>
    public TimeSpan? SignInRefused(string email) => Refused(signInsPerEmail, email);

    /// <summary>When the email may be signed up again, if it has used up its sign-ups this minute.</summary>
    public TimeSpan? SignUpRefused(string email) => Refused(signUpsPerEmail, email);

    /// <summary>A slot to hash a password in; not acquired when too many callers already wait.</summary>
    public ValueTask<RateLimitLease> HashSlotAsync(CancellationToken ct) => hashing.AcquireAsync(1, ct);

    public void Dispose()
    {
        signInsPerEmail.Dispose();
        signUpsPerEmail.Dispose();
        hashing.Dispose();
    }

    static TimeSpan? Refused(PartitionedRateLimiter<string> limiter, string email)
    {
        using var lease = limiter.AttemptAcquire(email);
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(email => RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
}
