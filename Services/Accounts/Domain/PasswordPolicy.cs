namespace FoodDelivery.Accounts.Domain;

/// <summary>
/// Length over composition rules (NIST SP 800-63B), plus a letter and a digit so a date or a word
/// alone is refused. The upper bound keeps hashing cost bounded.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;
    public const string Pattern = @"^(?=.*\p{L})(?=.*\p{Nd}).{10,128}$";
    public const string Description = "The password needs 10 to 128 characters, with at least one letter and one digit.";
}
