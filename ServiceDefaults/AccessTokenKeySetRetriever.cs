using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// Reads accounts' key set (a bare JWKS, not an OpenID discovery document, since accounts is not an
/// OpenID provider) into the configuration the bearer handler's configuration manager caches,
/// refreshes on an unknown key id, and keeps as last known good if accounts is briefly away.
/// </summary>
public sealed class AccessTokenKeySetRetriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var keySet = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
        var configuration = new OpenIdConnectConfiguration { Issuer = issuer, JsonWebKeySet = keySet };
        foreach (var key in keySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }
        return configuration;
    }
}
