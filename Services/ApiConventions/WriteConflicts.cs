using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FoodDelivery.ApiConventions;

/// <summary>The 409 answers every service gives for a write that conflicts with what is stored.</summary>
public static class WriteConflicts
{
    public static Conflict<ProblemDetails> ChangedMeanwhile(string entity, Guid id) =>
        TypedResults.Conflict(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = $"The {entity} changed while this request was being handled.",
            Detail = $"Read {entity} {id} again and retry.",
        });

    public static Conflict<ProblemDetails> Conflict(string title, string field, string value) =>
        TypedResults.Conflict(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = title,
            Detail = $"{field}: {value}",
            Extensions = { ["field"] = field },
        });
}
