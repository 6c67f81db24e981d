namespace FoodDelivery.Accounts.Api;

/// <summary>What sign-in answers: a bearer token for every service's API, and whose it is.</summary>
public sealed record AccessTokenView(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, Guid AccountId, string Role);
