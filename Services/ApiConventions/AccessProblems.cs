using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FoodDelivery.ApiConventions;

/// <summary>The answer every service gives a caller who may not do what they asked.</summary>
public static class AccessProblems
{
    /// <summary>403: authenticated, but the thing belongs to someone else.</summary>
    public static ProblemHttpResult NotYours(string entity, Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: $"Only the {entity}'s owner may do this.", detail: $"{entity} {id} belongs to another account.");
}
