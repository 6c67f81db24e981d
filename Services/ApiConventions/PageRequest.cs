using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace FoodDelivery.ApiConventions;

/// <summary>
/// Which page of a list the caller wants: at most <see cref="Limit"/> items that come after the item
/// <see cref="After"/> in the list's order (ids are UUIDv7, so a list is ordered by id and a cursor
/// is an id). Bind it with <c>[AsParameters]</c>; AddValidation checks the limit.
/// </summary>
public sealed class PageRequest : IValidatableObject
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    /// <summary>The id of the last item of the previous page; the first page has none.</summary>
    [FromQuery(Name = "after")]
    public Guid? After { get; init; }

    /// <summary>
    /// Here rather than a [Range] on the property: errors are keyed by what the caller wrote in the
    /// query string (<c>limit</c>), where an attribute's would be keyed by the C# name.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Limit is < 1 or > MaxLimit)
        {
            yield return new ValidationResult($"limit must be between 1 and {MaxLimit} (default {DefaultLimit}).", ["limit"]);
        }
    }
}
