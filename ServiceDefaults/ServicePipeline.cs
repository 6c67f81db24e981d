using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The middleware every service runs, in this order, set here and nowhere else (the host adds none of its own:
/// <see cref="TrustedProxies"/> switches its forwarded-headers step off, <see cref="RequestLimits"/> adds no startup
/// filter). A service's <c>Program.cs</c> calls <see cref="UseServiceDefaults"/> before it maps anything.
/// </summary>
public static class ServicePipeline
{
    const string Marker = "FoodDelivery.ServicePipeline";

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        // First: everything after it (the per-client sign-in limits above all, and the logs) sees the client's address,
        // never a proxy's; whose X-Forwarded-For counts is TrustedProxies' decision.
        app.UseForwardedHeaders();
        // A declared oversize body is refused (413) before anything reads it or authenticates its sender.
        app.UseRequestBodyLimit();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // An unreadable body is the client's fault: keep its 400 instead of the default 500.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad
                ? bad.StatusCode
                : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        // Operator paths only on the management port, API paths only on the API port, whatever the route.
        app.UseManagementPort();
        app.UseRouting();
        // Inside the status-code pages, so a 401 or 403 from authentication or authorisation gets a ProblemDetails
        // body like every other error.
        app.UseAuthentication();
        app.UseAuthorization();
        // After routing, so an endpoint's policy applies (accounts' sign-in and sign-up limits); a service without
        // policies passes through.
        app.UseRateLimiter();
        ((IApplicationBuilder)app).Properties[Marker] = true;
        return app;
    }

    /// <summary>Refuses to map endpoints onto a service that has not set up its pipeline (no authentication, no management port).</summary>
    internal static void EnsureUsed(WebApplication app)
    {
        if (!((IApplicationBuilder)app).Properties.ContainsKey(Marker))
        {
            throw new InvalidOperationException($"Call app.{nameof(UseServiceDefaults)}() before app.MapDefaultEndpoints().");
        }
    }
}
