using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// First in the pipeline: a request whose Content-Length is over <see cref="RequestLimits.MaxBodyBytes"/>
/// gets <c>413</c> ProblemDetails before authentication or an endpoint spends anything on it.
/// </summary>
sealed class RequestBodyLimitFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.ContentLength > RequestLimits.MaxBodyBytes)
            {
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
