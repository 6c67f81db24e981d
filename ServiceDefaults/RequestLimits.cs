using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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

    const long DrainedBytes = 1024 * 1024;

    public static TBuilder AddRequestLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Kestrel stops a body without Content-Length (chunked) once it passes the limit (and then
        // closes the connection, so a client still sending may see a reset rather than the 413)...
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        return builder;
    }

    /// <summary>...and this answers a declared oversize body up front, whether or not the endpoint reads it (<see cref="ServicePipeline"/>).</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength is { } length && length > MaxBodyBytes)
            {
                if (length <= DrainedBytes)
                {
                    // Read and drop a body that is not much too large first: answering while the client still sends
                    // makes Kestrel close a connection with unread data, and the client may then see a reset instead
                    // of the 413. A larger one is not worth reading; it gets the 413 and the close.
                    if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                    {
                        limit.MaxRequestBodySize = DrainedBytes;
                    }
                    await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                }
                await TooLargeAsync(context);
                return;
            }
            await next(context);
        });

    static ValueTask TooLargeAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = $"Send at most {MaxBodyBytes / 1024} KB ({MaxBodyBytes} bytes).",
            },
        });
    }
}
