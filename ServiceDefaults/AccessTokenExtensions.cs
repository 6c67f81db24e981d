using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.ServiceDefaults;

public static class AccessTokenExtensions
{
    /// <summary>The HttpClient (service discovery, resilience) that fetches accounts' key set.</summary>
    public const string KeySetClient = "access-token-keys";

    /// <summary>
    /// Bearer-token authentication of the ES256 tokens accounts signs, against the public keys of
    /// accounts' key set (fetched at the first token, cached, fetched again when a token names an
    /// unknown key), and one authorisation policy per role (named as <see cref="Roles"/>).
    /// Accounts itself validates with its own keys (<see cref="UseAccessTokenKeys"/>).
    /// </summary>
    public static TBuilder AddAccessTokens<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<AccessTokenOptions>(builder.Configuration.GetSection(AccessTokenOptions.Section));
        builder.Services.AddHttpClient(KeySetClient);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessTokenOptions>, IHttpClientFactory>((bearer, tokens, http) =>
            {
                var settings = tokens.Value;
                // Claim names stay as issued ("sub", "role"), not mapped to long WS-* URIs.
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    // Only ES256: an HMAC token, whatever key signed it, is refused.
                    ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                    NameClaimType = AccessTokenClaims.Name,
                    RoleClaimType = AccessTokenClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                bearer.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    settings.KeysAddress,
                    new AccessTokenKeySetRetriever(settings.Issuer),
                    // Inside the cluster over plain HTTP, like every service-to-service call (TLS is not covered yet).
                    new HttpDocumentRetriever(http.CreateClient(KeySetClient)) { RequireHttps = false })
                {
                    RefreshInterval = settings.KeysRefreshInterval,
                };
            });
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireRole(role));
        }
        return builder;
    }

    /// <summary>
    /// For the service that holds the keys (accounts): validate against <paramref name="publicKeys"/>
    /// directly instead of fetching its own key set over HTTP.
    /// </summary>
    public static IServiceCollection UseAccessTokenKeys(this IServiceCollection services, Func<IServiceProvider, IEnumerable<SecurityKey>> publicKeys)
    {
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<IServiceProvider>((bearer, provider) =>
            {
                bearer.ConfigurationManager = null;
                bearer.TokenValidationParameters.IssuerSigningKeys = publicKeys(provider).ToList();
            });
        return services;
    }
}
