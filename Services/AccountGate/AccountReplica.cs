using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.AccountGate;

/// <summary>
/// A service's copy of an account (owned by accounts): enough to tell whether it may act. The same type, and
/// the same table (<see cref="Table"/>, set by <see cref="AccountReplicaConfiguration"/> in every DbContext
/// that holds a <c>DbSet&lt;AccountReplica&gt;</c>), in every service that keeps one.
/// </summary>
[EntityTypeConfiguration(typeof(AccountReplicaConfiguration))]
public sealed class AccountReplica : IReplica
{
    public const string Table = "account_replicas";

    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public AccountRole Role { get; init; }
    public AccountStatus Status { get; init; }
}
