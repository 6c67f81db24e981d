using System.Security.Claims;
using FoodDelivery.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.Accounts.Domain;

/// <summary>Signs the access tokens every service accepts (ES256 with the current key, named by its key id).</summary>
public sealed class AccessTokenIssuer(IOptions<AccessTokenOptions> options, AccessTokenKeys keys, TimeProvider time)
{
    readonly JsonWebTokenHandler handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(Account account)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var expires = now + settings.Lifetime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(AccessTokenClaims.Subject, account.Id.ToString()),
                new Claim(AccessTokenClaims.Role, account.Role.ToString()),
                new Claim(AccessTokenClaims.Name, account.DisplayName),
                new Claim(AccessTokenClaims.Email, account.Email),
            ]),
            SigningCredentials = new SigningCredentials(keys.Current.Private, SecurityAlgorithms.EcdsaSha256),
        });
        return (token, expires);
    }
}
