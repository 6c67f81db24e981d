using FoodDelivery.Contracts;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

public static class OperatorKeyEndpointExtensions
{
    /// <summary>Demands an operator key that opens <paramref name="scope"/> (<see cref="OperatorKeyFilter"/>) on every endpoint of the group.</summary>
    public static TBuilder RequireOperatorKey<TBuilder>(this TBuilder builder, OperatorScope scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new OperatorKeyFilter(scope));
}
