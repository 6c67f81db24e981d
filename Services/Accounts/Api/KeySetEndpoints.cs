using FoodDelivery.Accounts.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FoodDelivery.Accounts.Api;

public static class KeySetEndpoints
{
    /// <summary>
    /// <c>GET /.well-known/jwks.json</c>: the public keys of the access tokens accounts signs, which
    /// every other service fetches (through service discovery) to validate them.
    /// </summary>
    public static IEndpointRouteBuilder MapAccessTokenKeySet(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/jwks.json", KeySet).WithTags("Accounts").AllowAnonymous();
        return app;
    }

    static Ok<KeySetView> KeySet(AccessTokenKeys keys) =>
        TypedResults.Ok(new KeySetView(keys.KeySet().Keys
            .Select(key => new PublicKeyView(key.Kty, key.Crv, key.X, key.Y, key.Kid, key.Use, key.Alg))
            .ToList()));
}
