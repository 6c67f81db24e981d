namespace FoodDelivery.AppHost.Infrastructure;

/// <summary>
/// One cluster's operator keys (<see cref="FoodDelivery.Contracts.OperatorKeys"/>): the read key opens what only
/// looks, the repair key everything. Each cluster has its own, so a key of one cluster opens nothing in the other.
/// </summary>
public sealed record OperatorKeyParameters(IResourceBuilder<ParameterResource> Read, IResourceBuilder<ParameterResource> Repair)
{
    /// <summary>The least key that opens a call: a GET only looks (the read key), anything else repairs.</summary>
    public IResourceBuilder<ParameterResource> For(HttpMethod method) => method == HttpMethod.Get ? Read : Repair;
}
