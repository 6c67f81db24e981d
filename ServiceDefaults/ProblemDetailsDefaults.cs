using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Makes a body that is not valid JSON, or has a value of the wrong type, answer like a
/// validation failure: <c>400</c> with <c>errors</c> naming the JSON path at fault.
/// </summary>
public static class ProblemDetailsDefaults
{
    public static void Configure(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException { InnerException: JsonException json })
            {
                var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
                context.ProblemDetails.Title = "The request body is not valid.";
                context.ProblemDetails.Detail = $"The value at '{field}' could not be read.";
                context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]>
                {
                    [field] = [json.Message.Split(" Path:")[0]],
                };
            }
            else if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Detail = bad.Message;
            }
            else if (context.ProblemDetails.Detail is null && context.ProblemDetails.Status is 401 or 403)
            {
                // An empty 401/403 comes from authentication or authorisation (the operator key's refusals
                // say themselves what is missing): say what to send.
                context.ProblemDetails.Detail = context.ProblemDetails.Status == 401
                    ? "Send an access token from accounts (POST /accounts/sign-in) as 'Authorization: Bearer <token>'; it may have expired."
                    : "Your access token is valid, but its role may not do this.";
            }
        };
}
