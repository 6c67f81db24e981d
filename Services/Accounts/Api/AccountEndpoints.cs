using System.Security.Claims;
using FoodDelivery.Accounts.Data;
using FoodDelivery.Accounts.Domain;
using FoodDelivery.Contracts;
using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Accounts.Api;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/accounts").WithTags("Accounts");
        accounts.MapPost("/sign-up", SignUp);
        accounts.MapPost("/sign-in", SignIn);

        // An account holder sees and changes only their own account.
        var me = accounts.MapGroup("/me").RequireAuthorization();
        me.MapGet("/", Get);
        me.MapPut("/", Update);
        me.MapDelete("/", Delete);
        return app;
    }

    static async Task<Results<Created<AccountView>, Conflict<ProblemDetails>>> SignUp(
        NewAccount input, AccountsDb db, IPasswordHasher<Account> hasher, CancellationToken ct)
    {
        var account = new Account
        {
            Email = Account.NormalizeEmail(input.Email),
            DisplayName = input.DisplayName.Trim(),
            Role = input.Role!.Value,
        };
        account.PasswordHash = hasher.HashPassword(account, input.Password);
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return EmailTaken(account.Email);
        }
        return TypedResults.Created("/accounts/me", AccountView.From(account));
    }

    static async Task<Results<Ok<AccessTokenView>, ProblemHttpResult>> SignIn(
        SignIn input, AccountsDb db, IPasswordHasher<Account> hasher, AccessTokenIssuer tokens, SyncOptions sync, CancellationToken ct)
    {
        var email = Account.NormalizeEmail(input.Email);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Email == email, ct);
        if (account is not null && account.HomeCluster != sync.Cluster)
        {
            // Password hashes never leave their cluster (they are never published), so only the
            // home cluster can check the password. Its tokens are good in every cluster.
            return TypedResults.Problem(
                title: $"This account signs in through cluster {account.HomeCluster}.",
                detail: $"Sign in there; the access token it gives works in cluster {sync.Cluster} too.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["homeCluster"] = account.HomeCluster, ["cluster"] = sync.Cluster });
        }
        // Verify against a throwaway hash when the email is unknown, so the answer takes as long
        // either way and does not tell which emails have accounts.
        var verified = hasher.VerifyHashedPassword(account ?? UnknownAccount, account?.PasswordHash ?? UnknownAccountHash, input.Password);
        if (account is null || verified == PasswordVerificationResult.Failed)
        {
            return TypedResults.Problem(title: "The email or the password is wrong.", statusCode: StatusCodes.Status401Unauthorized);
        }
        if (account.Status != AccountStatus.Active)
        {
            return TypedResults.Problem(title: "The account is suspended.", statusCode: StatusCodes.Status403Forbidden);
        }
        var (token, expiresAt) = tokens.Issue(account);
        return TypedResults.Ok(new AccessTokenView(token, "Bearer", expiresAt, account.Id, account.Role.ToString()));
    }

    static async Task<Results<Ok<AccountView>, NotFound>> Get(ClaimsPrincipal user, AccountsDb db, CancellationToken ct) =>
        await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == user.AccountId(), ct) is { } account
            ? TypedResults.Ok(AccountView.From(account))
            : TypedResults.NotFound();

    static async Task<Results<Ok<AccountView>, NotFound, Conflict<ProblemDetails>>> Update(
        ClaimsPrincipal user, ProfileUpdate input, AccountsDb db, CancellationToken ct)
    {
        var id = user.AccountId();
        if (await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct) is not { } account)
        {
            return TypedResults.NotFound();
        }
        account.Email = Account.NormalizeEmail(input.Email);
        account.DisplayName = input.DisplayName.Trim();
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

    static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> Delete(ClaimsPrincipal user, AccountsDb db, CancellationToken ct)
    {
        var id = user.AccountId();
        return await db.DeleteFoundAsync(await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct), "account", id, ct);
    }

    static Conflict<ProblemDetails> EmailTaken(string email) =>
        WriteConflicts.Conflict("Another account already uses that email.", "email", email);

    static readonly Account UnknownAccount = new() { Email = "", DisplayName = "", Role = AccountRole.Customer };
    static readonly string UnknownAccountHash = new PasswordHasher<Account>().HashPassword(UnknownAccount, Guid.NewGuid().ToString());
}
