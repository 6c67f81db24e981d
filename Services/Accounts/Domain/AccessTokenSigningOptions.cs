using FoodDelivery.ServiceDefaults;

namespace FoodDelivery.Accounts.Domain;

/// <summary>
/// Section <c>Jwt</c>, accounts only: the secrets its ES256 signing keys derive from (the AppHost
/// passes the secret <c>jwt-signing-key</c> parameter as <c>Jwt__SigningKey</c>, to accounts alone).
/// </summary>
public sealed class AccessTokenSigningOptions
{
    /// <summary>The key new tokens are signed with.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// During a rotation, the key before: still published, so tokens it signed stay valid until
    /// they expire (one token lifetime); then removed.
    /// </summary>
    public string? PreviousSigningKey { get; set; }

    internal const string SigningKeySetting = $"{AccessTokenOptions.Section}:{nameof(SigningKey)}";

    internal const string PreviousSigningKeySetting = $"{AccessTokenOptions.Section}:{nameof(PreviousSigningKey)}";
}
