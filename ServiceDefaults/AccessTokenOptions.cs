namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// Section <c>Jwt</c>: what every service checks an access token against. Tokens are ES256; their
/// public keys come from accounts' key set (<see cref="KeysAddress"/>), so no service but accounts
/// holds anything that can sign one.
/// </summary>
public sealed class AccessTokenOptions
{
    public const string Section = "Jwt";

    public string Issuer { get; set; } = "fooddelivery-accounts";

    public string Audience { get; set; } = "fooddelivery";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Accounts' JSON Web Key Set, found through service discovery (<c>services__accounts__http__0</c>).</summary>
    public string KeysAddress { get; set; } = "http://accounts/.well-known/jwks.json";

    /// <summary>
    /// The soonest a service fetches the key set again after a token names a key it does not know
    /// (accounts rotated its key): new keys are accepted within this, and a flood of tokens with
    /// made-up key ids costs accounts one fetch per service per interval.
    /// </summary>
    public TimeSpan KeysRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
