using System.ComponentModel.DataAnnotations;
using FoodDelivery.Accounts.Api;
using FoodDelivery.Accounts.Domain;

namespace FoodDelivery.Domain.Tests;

/// <summary>The password rule as sign-up applies it (the validation attribute on <see cref="NewAccount"/>): length first, a letter and a digit.</summary>
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("abcdefgh1", false)] // 9: one short
    [InlineData("abcdefghi1", true)] // 10: the shortest allowed
    [InlineData("1234567890", false)] // digits only: a date or a number alone
    [InlineData("abcdefghij", false)] // letters only: a word alone
    [InlineData("correct horse 7", true)] // spaces count as characters
    [InlineData("пароль1234", true)] // any script's letters count
    [InlineData("abcdefghi٣", true)] // any script's decimal digits count
    [InlineData("abcde\nfgh1", false)] // a line break is not a password character
    public void A_password_needs_ten_characters_with_a_letter_and_a_digit(string password, bool accepted) =>
        Assert.Equal(accepted, Accepts(password));

    [Fact]
    public void The_longest_password_is_128_characters_so_hashing_stays_bounded()
    {
        var longest = "a1" + new string('x', PasswordPolicy.MaxLength - 2);

        Assert.True(Accepts(longest));
        Assert.False(Accepts(longest + "x"));
    }

    [Fact]
    public void The_refusal_says_what_the_rule_is() =>
        Assert.Equal(PasswordPolicy.Description, SignUpRule.FormatErrorMessage(nameof(NewAccount.Password)));

    /// <summary>The attribute sign-up's validation applies: it sits on the record's constructor parameter.</summary>
    static readonly RegularExpressionAttribute SignUpRule = typeof(NewAccount).GetConstructors().Single()
        .GetParameters().Single(p => p.Name == nameof(NewAccount.Password))
        .GetCustomAttributes(typeof(RegularExpressionAttribute), inherit: false).Cast<RegularExpressionAttribute>().Single();

    static bool Accepts(string password) => SignUpRule.IsValid(password);
}
