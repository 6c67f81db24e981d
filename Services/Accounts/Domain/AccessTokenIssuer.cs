using System.Security.Claims;
using FoodDelivery.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.Accounts.Domain;

/// <summary>Signs the access tokens every service accepts (the same key and claims they validate).</summary>
public sealed class AccessTokenIssuer(IOptions<AccessTokenOptions> options, TimeProvider time)
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
            SigningCredentials = new SigningCredentials(settings.Key(), SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
