namespace FoodDelivery.SystemTests;

/// <summary>A signed-up account and the access token it signed in with.</summary>
public sealed record Caller(Guid Id, string Role, string Email, string Password, string Token);
