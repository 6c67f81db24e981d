using System.Security.Claims;
using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// Refuses a write by an account this service knows as suspended or deleted (403), or does not know
/// yet (409, retry), whatever its still-valid token says: a token lives an hour, an account can be
/// suspended or deleted in that hour, and every service learns it from its own copy of accounts.
/// </summary>
public sealed class ActiveAccountFilter(IAccountStanding accounts, IHostEnvironment environment) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // No account id: authorisation has answered already, or the endpoint does not require it.
        if (!Guid.TryParse(context.HttpContext.User.FindFirstValue(AccessTokenClaims.Subject), out var accountId))
        {
            return await next(context);
        }
        var account = await accounts.FindAsync(accountId, context.HttpContext.RequestAborted);
        if (account is null)
        {
            return AccountProblems.AccountNotKnownYet(accountId, environment.ApplicationName.ToLowerInvariant());
        }
        if (account.Deleted)
        {
            return AccountProblems.AccountCannotAct(accountId, "the account was deleted.");
        }
        if (account.Status != nameof(AccountStatus.Active))
        {
            return AccountProblems.AccountCannotAct(accountId, $"the account is {account.Status}.");
        }
        return await next(context);
    }
}
