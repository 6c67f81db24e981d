using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using FoodDelivery.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FoodDelivery.SystemTests;

/// <summary>Accounts made and signed in through the accounts API, and clients that carry their tokens.</summary>
public static class Callers
{
    public const string Customer = "Customer";
    public const string RestaurantOwner = "RestaurantOwner";
    public const string Courier = "Courier";

    public static async Task<Caller> SignUpAsync(this IServiceCluster system, string role, string? displayName = null)
    {
        using var accounts = system.Client("accounts").FromNewAddress();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse 42";
        await accounts.PostAsJsonAsync("/accounts/sign-up",
            new { email, displayName = displayName ?? $"{role} {email[..8]}", role, password }).ExpectAsync(HttpStatusCode.Accepted);
        var token = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email, password }).ExpectAsync(HttpStatusCode.OK);
        return new Caller(token.GetProperty("accountId").GetGuid(), role, email, password, token.Text("accessToken"));
    }

    /// <summary>Waits until a service's replica of accounts (table <c>account_replicas</c>) holds the caller's account.</summary>
    public static Task AccountKnownToAsync(this IServiceCluster system, Caller caller, string database) =>
        Eventually.ValueAsync(async () =>
        {
            await using var connection = await system.OpenDatabaseAsync(database);
            await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM account_replicas WHERE id = $1 AND NOT deleted", connection);
            command.Parameters.AddWithValue(caller.Id);
            return (long)(await command.ExecuteScalarAsync())!;
        }, count => count == 1);

    /// <summary>A client of <paramref name="service"/> that sends the caller's bearer token.</summary>
    public static HttpClient Client(this IServiceCluster system, string service, Caller caller) => system.Client(service, caller.Token);

    public static HttpClient Client(this IServiceCluster system, string service, string token)
    {
        var client = system.Client(service);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A token signed with the system's real key (the ES256 key accounts derives from the
    /// <c>jwt-signing-key</c> parameter) but with chosen claims and lifetime, for tokens accounts
    /// would never issue (expired ones, say); or with the key another secret derives.
    /// </summary>
    public static async Task<string> ForgeTokenAsync(this RunningSystem system, Guid accountId, string role, DateTime expires, string? key = null)
    {
        key ??= await system.TokenSigningSecretAsync();
        return new JsonWebTokenHandler().CreateToken(Claims(accountId, role, expires,
            new SigningCredentials(AccessTokenSigningKey.FromSecret(key, "key").Private, SecurityAlgorithms.EcdsaSha256)));
    }

    /// <summary>
    /// A token as the old design signed them: HMAC-SHA256 with the shared secret itself, which every
    /// service used to hold. Services must refuse it now.
    /// </summary>
    public static async Task<string> ForgeSharedKeyTokenAsync(this RunningSystem system, Guid accountId, string role) =>
        new JsonWebTokenHandler().CreateToken(Claims(accountId, role, DateTime.UtcNow.AddHours(1),
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(await system.TokenSigningSecretAsync())), SecurityAlgorithms.HmacSha256)));

    static async Task<string> TokenSigningSecretAsync(this RunningSystem system) =>
        await system.App.Services.GetRequiredService<DistributedApplicationModel>()
            .Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == "jwt-signing-key")
            .GetValueAsync(default) ?? throw new InvalidOperationException("jwt-signing-key has no value.");

    static SecurityTokenDescriptor Claims(Guid accountId, string role, DateTime expires, SigningCredentials credentials) => new()
    {
        Issuer = "fooddelivery-accounts",
        Audience = "fooddelivery",
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        Subject = new ClaimsIdentity([new Claim("sub", accountId.ToString()), new Claim("role", role)]),
        SigningCredentials = credentials,
    };
}
