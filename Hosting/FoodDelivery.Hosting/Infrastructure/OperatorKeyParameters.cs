namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>
/// One cluster's keys for the operator endpoints (<see cref="FoodDelivery.Contracts.OperatorKeys"/>): the read key opens
/// what only looks, the repair key everything; both stay with the operators (the AppHost's commands), and the services
/// get their digests. Each service also has a caller key of its own (<see cref="CallerKeys"/>, by service), which opens
/// only the owned snapshots of the types it replicates. Each cluster has its own, so a key of one opens nothing in the other.
/// </summary>
public sealed record OperatorKeyParameters(
    IResourceBuilder<ParameterResource> Read,
    IResourceBuilder<ParameterResource> Repair,
    IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> CallerKeys)
{
    /// <summary>The least key that opens a call: a GET only looks (the read key), anything else repairs.</summary>
    public IResourceBuilder<ParameterResource> For(HttpMethod method) => method == HttpMethod.Get ? Read : Repair;
}
