using System.Security.Cryptography;
using System.Text;

namespace FoodDelivery.Hosting.Infrastructure.Broker;

/// <summary>
/// RabbitMQ's <c>rabbit_password_hashing_sha256</c>: base64(salt ++ sha256(salt ++ password)) with a
/// four-byte salt, so a definitions file holds no password, only what the broker stores anyway.
/// </summary>
public static class RabbitMqPasswordHash
{
    public const string Algorithm = "rabbit_password_hashing_sha256";

    public static string Of(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var salted = salt.Concat(Encoding.UTF8.GetBytes(password)).ToArray();
        return Convert.ToBase64String([.. salt, .. SHA256.HashData(salted)]);
    }
}
