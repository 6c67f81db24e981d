using System.Security.Claims;

namespace FoodDelivery.ServiceDefaults;

/// <summary>The claims accounts puts in an access token, read the same way by every service.</summary>
public static class AccessTokenClaims
{
    /// <summary>The account id (JWT <c>sub</c>).</summary>
    public const string Subject = "sub";

    public const string Role = "role";

    public const string Name = "name";

    public const string Email = "email";

    /// <summary>The caller's account id; only for endpoints that require an authenticated caller.</summary>
    public static Guid AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Subject), out var id)
            ? id
            : throw new InvalidOperationException("The caller has no account id: the endpoint must require authorisation.");
}
