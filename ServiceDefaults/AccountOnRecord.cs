namespace FoodDelivery.ServiceDefaults;

/// <summary>What a service knows of an account: its role, status, and whether it was deleted.</summary>
public sealed record AccountOnRecord(string Role, string Status, bool Deleted);
