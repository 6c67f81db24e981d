using FoodDelivery.Accounts.Domain;
using FoodDelivery.Contracts;
using FoodDelivery.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.Domain.Tests;

/// <summary>An access token lives one lifetime from the moment accounts signs it, and the published keys verify it, through a rotation too.</summary>
public sealed class AccessTokenIssuerTests
{
    const string Secret = "a test secret that is long enough for ES256 keys";
    const string NextSecret = "the next test secret, long enough for ES256 keys";

    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    readonly AccessTokenOptions settings = new() { Lifetime = TimeSpan.FromMinutes(30) };

    [Fact]
    public async Task A_token_expires_one_lifetime_after_it_is_signed()
    {
        var (token, expiresAt) = Issuer(Secret).Issue(Customer);

        Assert.Equal(clock.GetUtcNow() + settings.Lifetime, expiresAt);
        var result = await Validate(token, Keys(Secret), at: expiresAt - TimeSpan.FromSeconds(1));
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(Customer.Id.ToString(), result.Claims[AccessTokenClaims.Subject]);
        Assert.Equal(nameof(AccountRole.Customer), result.Claims[AccessTokenClaims.Role]);
        Assert.False((await Validate(token, Keys(Secret), at: expiresAt + TimeSpan.FromSeconds(1))).IsValid);
    }

    [Fact]
    public async Task During_a_rotation_tokens_signed_with_the_previous_key_still_verify()
    {
        var (token, _) = Issuer(Secret).Issue(Customer);
        var rotated = Keys(NextSecret, previous: Secret);

        Assert.True((await Validate(token, rotated, at: clock.GetUtcNow())).IsValid);
        Assert.False((await Validate(token, Keys(NextSecret), at: clock.GetUtcNow())).IsValid);
    }

    static readonly Account Customer = new() { Email = "ana@example.com", DisplayName = "Ana", Role = AccountRole.Customer };

    AccessTokenIssuer Issuer(string secret) => new(Options.Create(settings), Keys(secret), clock);

    static AccessTokenKeys Keys(string secret, string? previous = null) =>
        new(Options.Create(new AccessTokenSigningOptions { SigningKey = secret, PreviousSigningKey = previous }));

    Task<TokenValidationResult> Validate(string token, AccessTokenKeys keys, DateTimeOffset at) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKeys = keys.PublicKeys,
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) => notBefore <= at.UtcDateTime && at.UtcDateTime < expires,
        });
}
