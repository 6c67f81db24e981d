using System.Net;
using System.Threading.RateLimiting;
using FoodDelivery.Accounts.Domain;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FoodDelivery.Accounts.Api;

/// <summary>
/// Per-client limits on sign-in and sign-up (ASP.NET Core's rate limiter, a fixed window per client
/// address), and the client address itself: the connection's, or the one a configured proxy
/// forwards (<c>ForwardedHeaders:KnownProxies</c>, <c>ForwardedHeaders:KnownNetworks</c>; loopback is
/// trusted by default, as by ASP.NET Core). A header from anyone else is ignored, so a client cannot
/// pick a fresh address per guess.
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

        var proxies = builder.Configuration.GetSection("ForwardedHeaders");
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in proxies.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

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

    /// <summary>Forwarded addresses first (before anything reads the client address), the limits after routing.</summary>
    public static WebApplication UseSignInThrottling(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRateLimiter();
        return app;
    }

    static RateLimitPartition<string> PerClient(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
