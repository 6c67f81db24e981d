using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FoodDelivery.Orders.Api;

/// <summary>
/// Refusals that name what is at fault the way validation does (an <c>errors</c> map keyed by the
/// request field, e.g. <c>lines[0].menuItemId</c>), also for 409s, so a client can point at the line.
/// </summary>
public static class OrderProblems
{
    public static Conflict<ProblemDetails> Conflict(string title, string field, string error) =>
        TypedResults.Conflict(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = title,
            Detail = $"{field}: {error}",
            Extensions = { ["field"] = field, ["errors"] = new Dictionary<string, string[]> { [field] = [error] } },
        });

    public static Conflict<ProblemDetails> Conflict(string title, IDictionary<string, string[]> errors) =>
        TypedResults.Conflict(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = title,
            Detail = string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")),
            Extensions = { ["errors"] = errors },
        });
}
