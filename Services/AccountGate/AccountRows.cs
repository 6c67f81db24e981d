namespace FoodDelivery.AccountGate;

/// <summary>Where the gate reads accounts in this service, per request (<see cref="AccountGateExtensions.AddAccountGate{TDb}"/>).</summary>
sealed class AccountRows(IQueryable<AccountReplica> rows)
{
    public IQueryable<AccountReplica> Rows { get; } = rows;
}
