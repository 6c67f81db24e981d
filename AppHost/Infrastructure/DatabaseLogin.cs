namespace FoodDelivery.AppHost.Infrastructure;

/// <summary>
/// A service's own PostgreSQL login: a role named after the service, with a generated secret password
/// (<c>{service}db-password</c>), that owns the service's database and can reach no other. One for every
/// cluster, like the other credentials.
/// </summary>
public sealed record DatabaseLogin(string Role, IResourceBuilder<ParameterResource> Password)
{
    public static DatabaseLogin For(IDistributedApplicationBuilder builder, string service)
    {
        var parameterName = $"{service}db-password";
        // Created by the first cluster's service, reused by the others.
        var password = builder.Resources.OfType<ParameterResource>().SingleOrDefault(parameter => parameter.Name == parameterName) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(parameterName, SyncInfrastructureExtensions.GeneratedPassword(), secret: true, persist: true);
        return new DatabaseLogin(service, password);
    }
}
