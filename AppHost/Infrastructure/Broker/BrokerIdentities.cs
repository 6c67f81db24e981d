using FoodDelivery.Contracts;

namespace FoodDelivery.AppHost.Infrastructure.Broker;

/// <summary>
/// Who logs into the broker besides the operator (<see cref="SyncParameters.BrokerUser"/>: the AppHost, its
/// dashboard links, tests and tools, the broker's administrator), each with a generated secret password, the
/// same in every cluster and mode: one user per service, named after it, and the federation links of a
/// two-cluster system.
/// </summary>
public sealed record BrokerIdentities(
    IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> ServicePasswords,
    IResourceBuilder<ParameterResource> FederationPassword)
{
    public IResourceBuilder<ParameterResource> PasswordOf(string service) =>
        ServicePasswords.TryGetValue(service, out var password)
            ? password
            : throw new InvalidOperationException($"{service} has no broker user: it is not in ServiceCatalogue.");

    /// <summary>Every user's password parameter by the user's key in the definitions (<see cref="BrokerDefinitions.OperatorKey"/> for the operator).</summary>
    public IEnumerable<KeyValuePair<string, IResourceBuilder<ParameterResource>>> PasswordsByUser(SyncParameters parameters) =>
        ServicePasswords
            .Append(KeyValuePair.Create(BrokerNames.FederationUser, FederationPassword))
            .Append(KeyValuePair.Create(BrokerDefinitions.OperatorKey, parameters.BrokerPassword));

    /// <summary>The secret parameter of a service's broker password, e.g. <c>messaging-menu-password</c>.</summary>
    public static string PasswordParameterName(string service) => $"{SyncInfrastructureExtensions.BrokerName}-{service}-password";

    public const string FederationPasswordParameterName = $"{SyncInfrastructureExtensions.BrokerName}-{BrokerNames.FederationUser}-password";
}
