namespace FoodDelivery.Accounts.Domain;

/// <summary>Field lengths, shared by validation and the schema.</summary>
public static class Limits
{
    /// <summary>The longest address SMTP allows (RFC 5321).</summary>
    public const int Email = 254;
    public const int DisplayName = 100;
    /// <summary>Identity's v3 format is about 84 Base64 characters; room for a stronger future format.</summary>
    public const int PasswordHash = 256;
    /// <summary>Enums are stored by name; this fits the longest one with room to grow.</summary>
    public const int EnumName = 32;
}
