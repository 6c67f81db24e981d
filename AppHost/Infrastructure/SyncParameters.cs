using FoodDelivery.AppHost.Infrastructure.Broker;

namespace FoodDelivery.AppHost.Infrastructure;

/// <summary>
/// The credentials and the operator key, one set for every cluster: an operator, a dashboard
/// command or a federation link uses the same values against either cluster. <see cref="BrokerUser"/>
/// is the broker's operator (administrator); services and federation links log in as <see cref="BrokerUsers"/>.
/// </summary>
public sealed record SyncParameters(
    IResourceBuilder<ParameterResource> BrokerUser,
    IResourceBuilder<ParameterResource> BrokerPassword,
    BrokerIdentities BrokerUsers,
    IResourceBuilder<ParameterResource> DatabaseUser,
    IResourceBuilder<ParameterResource> DatabasePassword,
    IResourceBuilder<ParameterResource> AdminKey);
