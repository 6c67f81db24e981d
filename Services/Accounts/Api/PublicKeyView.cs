namespace FoodDelivery.Accounts.Api;

/// <summary>One JSON Web Key of the key set: public parameters only, never <c>d</c>.</summary>
public sealed record PublicKeyView(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);
