using FoodDelivery.ServiceDefaults;

namespace FoodDelivery.Accounts.Domain;

public static class AccessTokenIssuing
{
    /// <summary>
    /// Accounts signs the access tokens (its keys derive from <c>Jwt:SigningKey</c> and, during a
    /// rotation, <c>Jwt:PreviousSigningKey</c>) and, holding the keys, validates them directly
    /// rather than through its own key set.
    /// </summary>
    public static WebApplicationBuilder AddAccessTokenIssuing(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AccessTokenSigningOptions>(builder.Configuration.GetSection(AccessTokenOptions.Section));
        builder.Services.AddSingleton<AccessTokenKeys>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.UseAccessTokenKeys(services => services.GetRequiredService<AccessTokenKeys>().PublicKeys);
        return builder;
    }
}
