using FoodDelivery.Accounts.Data;
using FoodDelivery.Accounts.Domain;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Accounts.Api;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/accounts").WithTags("Accounts");
        accounts.MapPost("/", Create);
        accounts.MapGet("/", List);
        accounts.MapGet("/{id:guid}", Get);
        accounts.MapPut("/{id:guid}", Update);
        accounts.MapDelete("/{id:guid}", Delete);
        return app;
    }

    static async Task<Results<Created<AccountView>, Conflict<ProblemDetails>>> Create(
        NewAccount input, AccountsDb db, CancellationToken ct)
    {
        var account = new Account
        {
            Email = Account.NormalizeEmail(input.Email),
            DisplayName = input.DisplayName.Trim(),
            Role = input.Role!.Value,
        };
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return EmailTaken(account.Email);
        }
        return TypedResults.Created($"/accounts/{account.Id}", AccountView.From(account));
    }

    static async Task<Ok<List<AccountView>>> List(AccountsDb db, AccountRole? role, CancellationToken ct)
    {
        var query = db.Accounts.AsNoTracking();
        if (role is { } wanted)
        {
            query = query.Where(a => a.Role == wanted);
        }
        var rows = await query.OrderBy(a => a.Email).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(AccountView.From).ToList());
    }

    static async Task<Results<Ok<AccountView>, NotFound>> Get(Guid id, AccountsDb db, CancellationToken ct) =>
        await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } account
            ? TypedResults.Ok(AccountView.From(account))
            : TypedResults.NotFound();

    static async Task<Results<Ok<AccountView>, NotFound, Conflict<ProblemDetails>>> Update(
        Guid id, AccountUpdate input, AccountsDb db, CancellationToken ct)
    {
        if (await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct) is not { } account)
        {
            return TypedResults.NotFound();
        }
        account.Email = Account.NormalizeEmail(input.Email);
        account.DisplayName = input.DisplayName.Trim();
        // Active and Suspended may follow each other freely, so there is no transition to refuse.
        account.Status = input.Status!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return EmailTaken(account.Email);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile("account", id);
        }
        return TypedResults.Ok(AccountView.From(account));
    }

    static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> Delete(Guid id, AccountsDb db, CancellationToken ct) =>
        await db.DeleteFoundAsync(await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct), "account", id, ct);

    static Conflict<ProblemDetails> EmailTaken(string email) =>
        WriteConflicts.Conflict("Another account already uses that email.", "email", email);
}
