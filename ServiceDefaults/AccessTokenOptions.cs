using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// Section <c>Jwt</c>: the key accounts signs access tokens with and every service checks them with
/// (the AppHost passes the secret <c>jwt-signing-key</c> parameter as <c>Jwt__SigningKey</c>).
/// </summary>
public sealed class AccessTokenOptions
{
    public const string Section = "Jwt";

    /// <summary>HMAC-SHA256 wants at least 256 bits of key.</summary>
    const int MinimumKeyBytes = 32;

    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "fooddelivery-accounts";

    public string Audience { get; set; } = "fooddelivery";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public SymmetricSecurityKey Key()
    {
        var bytes = Encoding.UTF8.GetBytes(SigningKey);
        if (bytes.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException(
                $"{Section}:SigningKey must be at least {MinimumKeyBytes} bytes (the AppHost passes the jwt-signing-key parameter).");
        }
        return new SymmetricSecurityKey(bytes);
    }
}
