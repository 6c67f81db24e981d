using FoodDelivery.Contracts;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

public static class OperatorKeyEndpointExtensions
{
    /// <summary>Demands an operator key that opens <paramref name="scope"/> (<see cref="OperatorKeyFilter"/>) on every endpoint of the group.</summary>
    public static TBuilder RequireOperatorKey<TBuilder>(this TBuilder builder, OperatorScope scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new OperatorKeyFilter(scope));

    /// <summary>
    /// Demands the read key, or the caller key of a service that may read the route's <c>{eventType}</c>: what the
    /// owned snapshots take, so a service's convergence check needs no operator key.
    /// </summary>
    internal static TBuilder RequireOperatorOrSnapshotReaderKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new OperatorKeyFilter(OperatorScope.Read, snapshotReaders: true));
}
