using FoodDelivery.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.Accounts.Domain;

/// <summary>
/// Accounts' signing keys: the current one signs; the current and, during a rotation, the previous
/// one are published (public halves only) for every service to validate against.
/// Derived when first needed, so tools that only build the host (EF migrations) need no secret.
/// </summary>
public sealed class AccessTokenKeys(IOptions<AccessTokenSigningOptions> options)
{
    readonly Lazy<(AccessTokenSigningKey Current, IReadOnlyList<AccessTokenSigningKey> Published)> keys = new(() =>
    {
        var settings = options.Value;
        var current = AccessTokenSigningKey.FromSecret(settings.SigningKey, AccessTokenSigningOptions.SigningKeySetting);
        List<AccessTokenSigningKey> published = [current];
        if (!string.IsNullOrEmpty(settings.PreviousSigningKey))
        {
            published.Add(AccessTokenSigningKey.FromSecret(settings.PreviousSigningKey, AccessTokenSigningOptions.PreviousSigningKeySetting));
        }
        return (current, published);
    });

    public AccessTokenSigningKey Current => keys.Value.Current;

    public IEnumerable<SecurityKey> PublicKeys => keys.Value.Published.Select(key => key.Public);

    /// <summary>The key set services fetch: <c>{"keys":[...]}</c> with public parameters only.</summary>
    public JsonWebKeySet KeySet()
    {
        var set = new JsonWebKeySet();
        foreach (var key in keys.Value.Published)
        {
            set.Keys.Add(key.PublicJsonWebKey());
        }
        return set;
    }
}
