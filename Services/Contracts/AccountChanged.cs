namespace FoodDelivery.Contracts;

/// <summary>
/// An account as accounts stored it at <see cref="Version"/>. Role: an <see cref="AccountRole"/>;
/// Status: an <see cref="AccountStatus"/>, by name. Never a password, hash or token.
/// </summary>
public sealed record AccountChanged(
    Guid Id,
    long Version,
    bool Deleted,
    string Email,
    string DisplayName,
    [property: OneOf(typeof(AccountRole))] string Role,
    [property: OneOf(typeof(AccountStatus))] string Status) : IChangeEvent
{
    public void CheckInvariants(InvariantCheck check) => check
        .NotEmpty(Email)
        .NotEmpty(DisplayName)
        .OneOf<AccountRole>(Role)
        .OneOf<AccountStatus>(Status);
}
