using FoodDelivery.Contracts;
using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Accounts.Domain;

/// <summary>A customer, restaurant owner or courier; accounts is its source of truth.</summary>
public sealed class Account : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public string HomeCluster { get; set; } = "";

    /// <summary>Trimmed and lower-cased, so uniqueness ignores case.</summary>
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public required AccountRole Role { get; init; }
    public AccountStatus Status { get; set; } = AccountStatus.Active;

    /// <summary>ASP.NET Core Identity's PBKDF2 format; never published, logged or returned.</summary>
    public string PasswordHash { get; set; } = "";

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
