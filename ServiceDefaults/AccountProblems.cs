using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FoodDelivery.ServiceDefaults;

/// <summary>The answers every service gives an account that may not act.</summary>
public static class AccountProblems
{
    /// <summary>
    /// 409: the caller's token is valid but their account has not been replicated to this service yet
    /// (it follows sign-up within moments), or it was deleted meanwhile. Retrying later succeeds.
    /// </summary>
    public static ProblemHttpResult AccountNotKnownYet(Guid accountId, string service) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: $"Your account has not reached {service} yet.",
            detail: $"Account {accountId} is not in {service}'s replica of accounts; retry in a moment.",
            extensions: new Dictionary<string, object?> { ["field"] = "accountId" });

    /// <summary>403: the account exists but may not act (suspended, or another role than its token claims).</summary>
    public static ProblemHttpResult AccountCannotAct(Guid accountId, string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This account may not do this.", detail: $"Account {accountId}: {reason}");
}
