using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FoodDelivery.Accounts.Api;

/// <summary>The 429 every throttle of sign-in and sign-up answers: ProblemDetails and <c>Retry-After</c>.</summary>
public static class TooManyAttempts
{
    public static ProblemHttpResult Answer(HttpContext http, TimeSpan retryAfter, string title)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: title,
            detail: $"Try again in {seconds} s.",
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }
}
