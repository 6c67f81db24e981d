using FoodDelivery.Accounts.Data;
using FoodDelivery.ApiConventions;
using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Accounts.Api;

public static class AccountStandingEndpoints
{
    /// <summary>
    /// Operator actions (the repair key, <c>/operator/accounts/{id}/suspend</c> and <c>/reinstate</c>): suspend an account or reinstate it. The change is an
    /// ordinary <c>AccountChanged</c>, so every service's copy follows and each refuses the
    /// account's writes while it is suspended, though its token is still valid.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountStanding(this IEndpointRouteBuilder app)
    {
        var standing = app.MapGroup(AccountStanding.Template).WithTags("Operator").RequireOperatorKey(OperatorScope.Repair);
        standing.MapPost(AccountStanding.SuspendTemplate, (Guid id, AccountsDb db, CancellationToken ct) => SetStatusAsync(id, AccountStatus.Suspended, db, ct));
        standing.MapPost(AccountStanding.ReinstateTemplate, (Guid id, AccountsDb db, CancellationToken ct) => SetStatusAsync(id, AccountStatus.Active, db, ct));
        return app;
    }

    static async Task<Results<Ok<AccountView>, NotFound, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> SetStatusAsync(
        Guid id, AccountStatus status, AccountsDb db, CancellationToken ct)
    {
        if (await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct) is not { } account)
        {
            return TypedResults.NotFound();
        }
        if (account.Status != status)
        {
            account.Status = status;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return WriteConflicts.ChangedMeanwhile("account", id);
            }
        }
        return TypedResults.Ok(AccountView.From(account));
    }
}
