namespace FoodDelivery.Accounts.Domain;

/// <summary>
/// Wrong passwords in a row for one normalised email, and until when it is locked. Kept per email,
/// not per account, so an email with no account locks the same way (nothing tells them apart);
/// never published: it is accounts' own business.
/// </summary>
public sealed class SignInLockout
{
    public required string Email { get; init; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}
