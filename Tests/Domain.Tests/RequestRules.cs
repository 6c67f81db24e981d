using System.ComponentModel.DataAnnotations;

namespace FoodDelivery.Domain.Tests;

/// <summary>
/// Applies a request record's validation attributes the way the endpoints' validation does: they sit on the
/// record's constructor parameters, so they are read from there and applied to the matching properties.
/// </summary>
public static class RequestRules
{
    /// <summary>The names of the parameters whose value breaks one of their attributes.</summary>
    public static IReadOnlyList<string> Refused<T>(T request) where T : notnull
    {
        var refused = new List<string>();
        foreach (var parameter in typeof(T).GetConstructors().Single().GetParameters())
        {
            var value = typeof(T).GetProperty(parameter.Name!, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                ?.GetValue(request);
            var context = new ValidationContext(request) { MemberName = parameter.Name };
            if (parameter.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>()
                .Any(rule => rule.GetValidationResult(value, context) != ValidationResult.Success))
            {
                refused.Add(parameter.Name!);
            }
        }
        return refused;
    }
}
