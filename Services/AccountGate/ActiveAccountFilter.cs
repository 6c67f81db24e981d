using System.Reflection;
using System.Security.Claims;
using FoodDelivery.Contracts;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FoodDelivery.AccountGate;

/// <summary>
/// The gate: refuses a write by an account this service knows as deleted or suspended, or as another role than the
/// endpoint wants (403), or does not know yet (409, retry), whatever its still-valid token says: a token lives an
/// hour, an account can be suspended or deleted in that hour, and every service learns it from its own copy of
/// accounts. It reads the caller's row once and hands the handler what it found (<see cref="ActiveAccount"/>).
/// </summary>
public sealed class ActiveAccountFilter(AccountRole? role)
{
    /// <summary>The endpoint's filter: <paramref name="method"/>'s <see cref="ActiveAccount"/> parameter, if any, gets the account found.</summary>
    public EndpointFilterDelegate For(MethodInfo method, EndpointFilterDelegate next)
    {
        var parameter = Array.FindIndex(method.GetParameters(), p => p.ParameterType == typeof(ActiveAccount));
        return async context =>
        {
            // No account id: authorisation has answered already, or the endpoint does not require it.
            if (!Guid.TryParse(context.HttpContext.User.FindFirstValue(AccessTokenClaims.Subject), out var accountId))
            {
                return await next(context);
            }
            var services = context.HttpContext.RequestServices;
            var rows = services.GetRequiredService<AccountRows>().Rows;
            // Tombstones too: a deleted account is refused as deleted, not told to wait for its arrival.
            var account = await rows.IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(row => row.Id == accountId, context.HttpContext.RequestAborted);
            if (Refusal(account, accountId, services.GetRequiredService<IHostEnvironment>().ApplicationName.ToLowerInvariant()) is { } refused)
            {
                return refused;
            }
            if (parameter >= 0)
            {
                context.Arguments[parameter] = new ActiveAccount(account!.Id, account.Role);
            }
            return await next(context);
        };
    }

    ProblemHttpResult? Refusal(AccountReplica? account, Guid accountId, string service) => account switch
    {
        null => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: $"Your account has not reached {service} yet.",
            detail: $"Account {accountId} is not in {service}'s replica of accounts; retry in a moment.",
            extensions: new Dictionary<string, object?> { ["field"] = "accountId" }),
        { Deleted: true } => CannotAct(accountId, "the account was deleted."),
        { Status: not AccountStatus.Active } => CannotAct(accountId, $"the account is {account.Status}."),
        _ when role is { } wanted && account.Role != wanted => CannotAct(accountId, $"the account is a {account.Role}, not a {wanted}."),
        _ => null,
    };

    static ProblemHttpResult CannotAct(Guid accountId, string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This account may not do this.", detail: $"Account {accountId}: {reason}");
}
