using FoodDelivery.Accounts.Domain;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Accounts.Data;

public sealed class AccountsDb(DbContextOptions<AccountsDb> options) : SyncDbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<SignInLockout> SignInLockouts => Set<SignInLockout>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(account =>
        {
            account.Property(a => a.Email).HasMaxLength(Limits.Email);
            account.Property(a => a.DisplayName).HasMaxLength(Limits.DisplayName);
            // Stored by name so hand-written SQL reads well and reordering the enum cannot corrupt rows.
            account.Property(a => a.Role).HasConversion<string>().HasMaxLength(Limits.EnumName);
            account.Property(a => a.Status).HasConversion<string>().HasMaxLength(Limits.EnumName);
            account.Property(a => a.PasswordHash).HasMaxLength(Limits.PasswordHash);
            // One live account per email; a deleted account frees its email.
            account.HasIndex(a => a.Email).IsUnique().HasFilter(OwnedEntityConvention.UniqueAmongOwnRows);
        });
        modelBuilder.Entity<SignInLockout>(lockout =>
        {
            lockout.ToTable("sign_in_lockouts");
            lockout.HasKey(l => l.Email);
            lockout.Property(l => l.Email).HasMaxLength(Limits.Email);
        });
    }
}
