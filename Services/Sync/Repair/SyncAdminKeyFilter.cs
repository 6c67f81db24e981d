using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace FoodDelivery.Sync.Repair;

/// <summary>Lets a request through only with the operator key in <c>X-Sync-Admin-Key</c> (compared in constant time).</summary>
public sealed class SyncAdminKeyFilter(SyncOptions options) : IEndpointFilter
{
    public const string HeaderName = "X-Sync-Admin-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(options.AdminKey))
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                "No Sync:AdminKey is configured for this service.", statusCode: StatusCodes.Status403Forbidden));
        }
        if (presented.Length == 0)
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                $"Send the operator key in the {HeaderName} header.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized"));
        }
        // Compared as SHA-256 digests: FixedTimeEquals returns at once on different lengths, which would
        // tell a guesser the key's length; digests are always 32 bytes.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(options.AdminKey))))
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                $"The {HeaderName} header is not this service's operator key.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"));
        }
        return next(context);
    }
}
