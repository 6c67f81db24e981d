using System.Security.Cryptography;
using System.Text;
using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Repair;

/// <summary>
/// Lets a request through only with a key of this cluster that opens <paramref name="scope"/> in
/// <see cref="OperatorKeys.Header"/>: the read key or the repair key for a read, the repair key for a
/// repair. Refusals are ProblemDetails: 401 without a key, 403 with a key that does not open it.
/// </summary>
public sealed class OperatorKeyFilter(OperatorScope scope) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<SyncOptions>();
        var presented = context.HttpContext.Request.Headers[OperatorKeys.Header].ToString();
        if (presented.Length == 0)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "Unauthorized",
                $"Send this cluster's {(scope == OperatorScope.Read ? "read or repair" : "repair")} key in the {OperatorKeys.Header} header.");
        }
        // Both keys are compared every time, so the time taken does not tell which one nearly matched.
        var isRepairKey = Matches(presented, options.RepairKey);
        var isReadKey = Matches(presented, options.ReadKey);
        if (isRepairKey || (isReadKey && scope == OperatorScope.Read))
        {
            return next(context);
        }
        return isReadKey
            ? Refuse(StatusCodes.Status403Forbidden, "Forbidden", "The read key only reads: this changes something and needs the repair key.")
            : Refuse(StatusCodes.Status403Forbidden, "Forbidden", $"The {OperatorKeys.Header} header holds no operator key of this cluster.");
    }

    // Compared as SHA-256 digests: FixedTimeEquals returns at once on different lengths, which would tell a
    // guesser the key's length; digests are always 32 bytes. An unset key opens nothing.
    static bool Matches(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(Digest(presented), Digest(configured)) && configured.Length > 0;

    static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    static ValueTask<object?> Refuse(int status, string title, string detail) =>
        ValueTask.FromResult<object?>(TypedResults.Problem(detail, statusCode: status, title: title));
}
