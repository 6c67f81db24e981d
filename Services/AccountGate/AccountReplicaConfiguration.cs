using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FoodDelivery.AccountGate;

/// <summary>
/// Applied by EF to every model that holds <see cref="AccountReplica"/> (its <c>[EntityTypeConfiguration]</c>),
/// so no DbContext configures it by hand: one table name everywhere, and the words stored by name, as accounts
/// publishes them (text columns, unbounded: the owner validates, a replica keeps what it is sent).
/// </summary>
public sealed class AccountReplicaConfiguration : IEntityTypeConfiguration<AccountReplica>
{
    public void Configure(EntityTypeBuilder<AccountReplica> account)
    {
        account.ToTable(AccountReplica.Table);
        account.Property(a => a.Role).HasConversion<string>();
        account.Property(a => a.Status).HasConversion<string>();
    }
}
