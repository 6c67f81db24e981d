using FoodDelivery.Hosting.Clusters;

namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>
/// A service's own PostgreSQL login: a role named after the service, with a generated secret password
/// (<c>{service}db-password</c>; <c>east-{service}db-password</c> with two clusters), that owns the service's database
/// and can reach no other. Each cluster's own, so a login of one cluster opens nothing in the other.
/// </summary>
public sealed record DatabaseLogin(string Role, IResourceBuilder<ParameterResource> Password)
{
    public static DatabaseLogin For(IDistributedApplicationBuilder builder, Cluster cluster, string service)
    {
        var parameterName = cluster.ResourceName($"{service}db-password");
        // Made by the service's first database of the cluster, reused by any other.
        var password = builder.Resources.OfType<ParameterResource>().SingleOrDefault(parameter => parameter.Name == parameterName) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(parameterName, SyncInfrastructureExtensions.GeneratedPassword(), secret: true, persist: true);
        return new DatabaseLogin(service, password);
    }
}
