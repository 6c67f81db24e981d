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
                // An empty 401/403 (from authentication, authorisation or the operator key) says what to send.
                var operatorEndpoint = context.HttpContext.Request.Path.StartsWithSegments("/sync");
                context.ProblemDetails.Detail = (context.ProblemDetails.Status, operatorEndpoint) switch
                {
                    (401, true) => $"Send the operator key in the {OpenApiDocuments.OperatorKeyHeader} header.",
                    (403, true) => $"The {OpenApiDocuments.OperatorKeyHeader} header is not this service's operator key.",
                    (401, false) => "Send an access token from accounts (POST /accounts/sign-in) as 'Authorization: Bearer <token>'; it may have expired.",
                    _ => "Your access token is valid, but its role may not do this.",
                };
            }
        };
}
