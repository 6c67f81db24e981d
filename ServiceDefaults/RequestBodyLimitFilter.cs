using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// First in the pipeline: a request whose Content-Length is over <see cref="RequestLimits.MaxBodyBytes"/>
/// gets <c>413</c> ProblemDetails before authentication or an endpoint spends anything on it.
/// </summary>
sealed class RequestBodyLimitFilter : IStartupFilter
{
    const long DrainedBytes = 1024 * 1024;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.ContentLength is { } length && length > RequestLimits.MaxBodyBytes)
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
            await nextMiddleware(context);
        });
        next(app);
    };

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
                Detail = $"Send at most {RequestLimits.MaxBodyBytes / 1024} KB ({RequestLimits.MaxBodyBytes} bytes).",
            },
        });
    }
}
