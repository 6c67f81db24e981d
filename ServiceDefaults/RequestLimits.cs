using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// Bounds what one request may make a service read: no request body of ours comes near 64 KB, so
/// a larger one is a mistake or an attack and gets <c>413</c> ProblemDetails.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 64 * 1024;

    public static TBuilder AddRequestLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Kestrel stops a body without Content-Length (chunked) once it passes the limit (and then
        // closes the connection, so a client still sending may see a reset rather than the 413)...
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        // ...and this answers a declared oversize body up front, whether or not the endpoint reads it.
        builder.Services.AddTransient<IStartupFilter, RequestBodyLimitFilter>();
        return builder;
    }
}
