using FoodDelivery.Hosting.Infrastructure.Broker;

namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>
/// One cluster's own secrets, generated per cluster (<c>east-messaging-password</c>, ... with two clusters; the plain
/// names with one): its broker's operator password (<see cref="BrokerPassword"/>, the administrator's), the passwords of
/// the users services and federation links log in as (<see cref="BrokerUsers"/>), and its PostgreSQL superuser's
/// password. The services' database logins are per cluster too (<see cref="DatabaseLogin"/>).
/// </summary>
public sealed record ClusterCredentials(
    IResourceBuilder<ParameterResource> BrokerPassword,
    BrokerIdentities BrokerUsers,
    IResourceBuilder<ParameterResource> DatabasePassword);
