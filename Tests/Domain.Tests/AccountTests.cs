using FoodDelivery.Accounts.Domain;

namespace FoodDelivery.Domain.Tests;

/// <summary>One email, one account, whatever its case or surrounding spaces; the limits and the lockout count the same key.</summary>
public sealed class AccountTests
{
    [Theory]
    [InlineData("ana@example.com", "ana@example.com")]
    [InlineData("  Ana@Example.COM ", "ana@example.com")]
    [InlineData("ANA@EXAMPLE.COM\t", "ana@example.com")]
    public void An_email_is_trimmed_and_lower_cased(string typed, string normalised) =>
        Assert.Equal(normalised, Account.NormalizeEmail(typed));
}
