namespace FoodDelivery.ServiceDefaults;

/// <summary>Where a service looks an account up before it lets the account write: its own copy, never accounts over HTTP.</summary>
public interface IAccountStanding
{
    /// <summary>The account as this service knows it, deleted ones included; null if it has not arrived yet.</summary>
    Task<AccountOnRecord?> FindAsync(Guid accountId, CancellationToken ct);
}
