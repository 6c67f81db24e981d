using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// Which page of a list the caller wants: at most <see cref="Limit"/> items that come after the item
/// <see cref="After"/> in the list's order (ids are UUIDv7, so a list is ordered by id and a cursor
/// is an id). Bind it with <c>[AsParameters]</c>; AddValidation checks the limit.
/// </summary>
public sealed class PageRequest
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    [FromQuery(Name = "limit")]
    [Range(1, MaxLimit, ErrorMessage = "limit must be between 1 and 200 (default 50).")]
    public int? Limit { get; init; }

    /// <summary>The id of the last item of the previous page; the first page has none.</summary>
    [FromQuery(Name = "after")]
    public Guid? After { get; init; }
}
