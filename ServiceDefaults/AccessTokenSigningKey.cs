using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// The ES256 (ECDSA P-256) key pair accounts signs access tokens with, derived from a secret.
/// Deriving it lets the key live where every other secret lives (an AppHost-generated parameter,
/// a Kubernetes Secret: plain random strings, not PEM files), and gives every replica of accounts,
/// in both clusters, the same key. Only accounts is given a secret; every other service holds the
/// public half only, fetched from accounts' key set, so no service but accounts can mint a token.
/// </summary>
public sealed class AccessTokenSigningKey
{
    /// <summary>At least 256 bits of secret for a 256-bit private key.</summary>
    public const int MinimumSecretBytes = 32;

    /// <summary>Order n of P-256's base point (FIPS 186-4, D.1.2.3).</summary>
    static readonly BigInteger CurveOrder = BigInteger.Parse(
        "0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    AccessTokenSigningKey(ECDsaSecurityKey privateKey, ECDsaSecurityKey publicKey)
    {
        Private = privateKey;
        Public = publicKey;
    }

    /// <summary>The private key, for signing; its key id is the public key's RFC 7638 thumbprint.</summary>
    public ECDsaSecurityKey Private { get; }

    /// <summary>The public half only (no <c>d</c>), for validating and for the published key set.</summary>
    public ECDsaSecurityKey Public { get; }

    public string KeyId => Public.KeyId;

    public static AccessTokenSigningKey FromSecret(string secret, string setting)
    {
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        if (secretBytes.Length < MinimumSecretBytes)
        {
            throw new InvalidOperationException($"{setting} must be at least {MinimumSecretBytes} bytes of secret.");
        }
        // 384 bits from HKDF reduced into [1, n-1]: the bias is below 2^-128 (FIPS 186-4, B.4.1).
        var material = HKDF.DeriveKey(HashAlgorithmName.SHA256, secretBytes, 48,
            salt: "fooddelivery access tokens"u8.ToArray(), info: "ES256 signing key"u8.ToArray());
        var d = new BigInteger(material, isUnsigned: true, isBigEndian: true) % (CurveOrder - 1) + 1;
        var scalar = d.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[32];
        scalar.CopyTo(padded, padded.Length - scalar.Length);

        // The public point is computed from d on import.
        var signing = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = padded });
        var verifying = ECDsa.Create(signing.ExportParameters(includePrivateParameters: false));
        var publicKey = new ECDsaSecurityKey(verifying);
        publicKey.KeyId = Base64UrlEncoder.Encode(publicKey.ComputeJwkThumbprint());
        return new AccessTokenSigningKey(new ECDsaSecurityKey(signing) { KeyId = publicKey.KeyId }, publicKey);
    }

    /// <summary>The public key as a JSON Web Key (<c>kty</c>, <c>crv</c>, <c>x</c>, <c>y</c>, <c>kid</c>, <c>use</c>, <c>alg</c>).</summary>
    public JsonWebKey PublicJsonWebKey()
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(Public);
        jwk.Use = JsonWebKeyUseNames.Sig;
        jwk.Alg = SecurityAlgorithms.EcdsaSha256;
        return jwk;
    }
}
