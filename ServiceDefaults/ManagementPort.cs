using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps the operator endpoints (<c>/sync/*</c>, <c>/operator/*</c>) on a port of their own
/// (<c>Management:Port</c>, the AppHost's <c>management</c> endpoint): the API port answers them 404, and the
/// management port answers nothing else but health, the OpenAPI documents and Scalar. So a deployment can keep
/// that port inside its network (the Kubernetes output's NetworkPolicies do) while the API is public.
/// Decided by the port the connection arrived on, which the client cannot choose for a given listener,
/// never by the Host header, which it can.
/// </summary>
public static class ManagementPort
{
    public const string ConfigurationKey = "Management:Port";

    /// <summary>True for the paths only the management port answers.</summary>
    public static bool IsOperatorPath(PathString path) =>
        path.StartsWithSegments(SyncRoutes.Prefix, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(SyncRoutes.OperatorPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the request came in on the management port (never without a configured one).</summary>
    public static bool IsManagementRequest(HttpContext context) =>
        context.RequestServices.GetRequiredService<IConfiguration>().GetValue<int?>(ConfigurationKey) is > 0 and var port
        && context.Connection.LocalPort == port;

    // Served on both ports: probes (the API port's with the status alone, HealthReportWriter), and the documents and UI that describe both (no data).
    static bool IsShared(PathString path) =>
        path.StartsWithSegments(HealthEndpoints.Health, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(HealthEndpoints.Ready, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(HealthEndpoints.Alive, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase);

    /// <summary>Answers 404 to an operator path on the API port and to an API path on the management port. Without a configured port, one port serves all.</summary>
    public static WebApplication UseManagementPort(this WebApplication app)
    {
        var port = app.Configuration.GetValue<int?>(ConfigurationKey);
        if (port is not > 0)
        {
            return app;
        }
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (!IsShared(path) && IsOperatorPath(path) != (context.Connection.LocalPort == port))
            {
                // No body here: the status-code pages write the ProblemDetails, like for any other 404.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
        return app;
    }
}
