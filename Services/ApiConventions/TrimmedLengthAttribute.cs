using System.ComponentModel.DataAnnotations;

namespace FoodDelivery.ApiConventions;

/// <summary>
/// <see cref="StringLengthAttribute"/> measured on the trimmed string, which is what the endpoints
/// store: surrounding spaces neither make a name long enough nor too long, so "   " is refused.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TrimmedLengthAttribute(int maximumLength) : StringLengthAttribute(maximumLength)
{
    public override bool IsValid(object? value) => base.IsValid(value is string text ? text.Trim() : value);
}
