namespace FoodDelivery.AppHost.Infrastructure;

/// <summary>
/// The credentials and the operator key, one set for every cluster: an operator, a dashboard
/// command or a federation link uses the same values against either cluster.
/// </summary>
public sealed record SyncParameters(
    IResourceBuilder<ParameterResource> BrokerUser,
    IResourceBuilder<ParameterResource> BrokerPassword,
    IResourceBuilder<ParameterResource> DatabaseUser,
    IResourceBuilder<ParameterResource> DatabasePassword,
    IResourceBuilder<ParameterResource> AdminKey);
