using System.Threading.RateLimiting;
using FoodDelivery.Accounts.Domain;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FoodDelivery.Accounts.Api;

/// <summary>
/// Per-client limits on sign-in and sign-up (ASP.NET Core's rate limiter, a fixed window per client
/// address; the limiter runs in every service's pipeline, after the forwarded headers: ServiceDefaults'
/// <c>ServicePipeline</c>). The address is the connection's, or the one a configured proxy forwards (ServiceDefaults'
/// <c>TrustedProxies</c>): a header from anyone else is ignored, so a client cannot pick a fresh address per guess.
/// </summary>
public static class SignInThrottling
{
    public const string SignInPolicy = "sign-in-per-client";
    public const string SignUpPolicy = "sign-up-per-client";

    public static WebApplicationBuilder AddSignInThrottling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SignInProtectionOptions>()
            .Bind(builder.Configuration.GetSection(SignInProtectionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SignInGuard>();

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                return new ValueTask(TooManyAttempts.Answer(rejected.HttpContext, retryAfter, "Too many attempts from your address.")
                    .ExecuteAsync(rejected.HttpContext));
            };
        });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInProtectionOptions>>((limiter, protection) =>
        {
            limiter.AddPolicy(SignInPolicy, http => PerClient(http, protection.Value.SignInsPerClientPerMinute));
            limiter.AddPolicy(SignUpPolicy, http => PerClient(http, protection.Value.SignUpsPerClientPerMinute));
        });
        return builder;
    }

    static RateLimitPartition<string> PerClient(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
