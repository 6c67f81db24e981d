namespace FoodDelivery.Accounts.Api;

/// <summary>A JSON Web Key Set (RFC 7517): the keys tokens are validated against.</summary>
public sealed record KeySetView(IReadOnlyList<PublicKeyView> Keys);
