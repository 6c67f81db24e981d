using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.ServiceDefaults;

public static class AccessTokenExtensions
{
    /// <summary>
    /// Bearer-token authentication against the shared signing key, and one authorisation policy per
    /// role (named as <see cref="Roles"/>). The key is read when the first request needs it, so tools
    /// that only build the host (EF migrations) need no key.
    /// </summary>
    public static TBuilder AddAccessTokens<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<AccessTokenOptions>(builder.Configuration.GetSection(AccessTokenOptions.Section));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessTokenOptions>>((bearer, tokens) =>
            {
                // Claim names stay as issued ("sub", "role"), not mapped to long WS-* URIs.
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = tokens.Value.Issuer,
                    ValidAudience = tokens.Value.Audience,
                    IssuerSigningKey = tokens.Value.Key(),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = AccessTokenClaims.Name,
                    RoleClaimType = AccessTokenClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireRole(role));
        }
        return builder;
    }
}
