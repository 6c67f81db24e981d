using FoodDelivery.Contracts;
using FoodDelivery.Sync.Registration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Repair;

/// <summary>
/// Lets a request through only with a key of this cluster that opens <paramref name="scope"/> in
/// <see cref="OperatorKeys.Header"/>: the read key or the repair key for a read, the repair key for a repair; and,
/// where <paramref name="snapshotReaders"/> (the owned snapshots), a service's caller key for the event types it may
/// read (<see cref="SyncOptions.SnapshotReaders"/>). The service holds only digests of these keys. Refusals are
/// ProblemDetails: 401 without a key, 403 with a key that does not open it.
/// </summary>
internal sealed class OperatorKeyFilter(OperatorScope scope, bool snapshotReaders = false) : IEndpointFilter
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
        // Every digest is compared every time, so the time taken does not tell which one nearly matched.
        var isRepairKey = OperatorKeyDigest.Matches(presented, options.RepairKeyDigest);
        var isReadKey = OperatorKeyDigest.Matches(presented, options.ReadKeyDigest);
        var callers = options.SnapshotReaders.Where(reader => OperatorKeyDigest.Matches(presented, reader.Value)).Select(reader => reader.Key).ToList();
        if (isRepairKey || (isReadKey && scope == OperatorScope.Read))
        {
            return next(context);
        }
        if (callers.Count > 0)
        {
            var eventType = context.HttpContext.Request.RouteValues["eventType"] as string;
            return snapshotReaders && scope == OperatorScope.Read && eventType is not null && callers.Any(caller => MayRead(caller, eventType, options))
                ? next(context)
                : Refuse(StatusCodes.Status403Forbidden, "Forbidden",
                    "A service's caller key reads only the owned snapshots of the event types that service replicates.");
        }
        return isReadKey
            ? Refuse(StatusCodes.Status403Forbidden, "Forbidden", "The read key only reads: this changes something and needs the repair key.")
            : Refuse(StatusCodes.Status403Forbidden, "Forbidden", $"The {OperatorKeys.Header} header holds no operator key of this cluster.");
    }

    /// <summary>
    /// A service of this cluster reads what the catalogue says it replicates; the same service of the peer cluster
    /// (<c>{peer}-{service}</c>, for its convergence check) reads what both own.
    /// </summary>
    static bool MayRead(string caller, string eventType, SyncOptions options) =>
        options.PeerCluster.Length > 0 && caller == $"{options.PeerCluster}-{options.ServiceName}"
            ? ServiceCatalogue.OwnerOf(eventType) == options.ServiceName
            : ServiceCatalogue.Find(caller)?.Replicates.Contains(eventType) == true;

    static ValueTask<object?> Refuse(int status, string title, string detail) =>
        ValueTask.FromResult<object?>(TypedResults.Problem(detail, statusCode: status, title: title));
}
