using System.Security.Claims;
using FoodDelivery.AccountGate;
using FoodDelivery.Accounts.Data;
using FoodDelivery.Accounts.Domain;
using FoodDelivery.ApiConventions;
using FoodDelivery.Contracts;
using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync.Registration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FoodDelivery.Accounts.Api;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/accounts").WithTags("Accounts");
        accounts.MapPost("/sign-up", SignUp).RequireRateLimiting(SignInThrottling.SignUpPolicy);
        accounts.MapPost("/sign-in", SignIn).RequireRateLimiting(SignInThrottling.SignInPolicy);

        // An account holder sees and changes only their own account.
        var me = accounts.MapGroup("/me").RequireAuthorization();
        me.MapGet("/", Get);
        // A suspended account may not change itself; deleting it stays possible (erasure is its holder's right).
        me.MapPut("/", Update).RequireActiveAccount();
        me.MapDelete("/", Delete);
        return app;
    }

    static async Task<Results<Accepted<SignUpReceipt>, ProblemHttpResult>> SignUp(
        NewAccount input, AccountsDb db, IPasswordHasher<Account> hasher, SignInGuard guard, HttpContext http, CancellationToken ct)
    {
        var email = Account.NormalizeEmail(input.Email);
        if (guard.SignUpRefused(email) is { } retryAfter)
        {
            return TooManyAttempts.Answer(http, retryAfter, "Too many sign-ups for this email.");
        }
        var account = new Account
        {
            Email = email,
            DisplayName = input.DisplayName.Trim(),
            Role = input.Role!.Value,
        };
        // Hashed whether or not the email is taken, so the answer takes as long either way.
        using (var slot = await guard.HashSlotAsync(ct))
        {
            if (!slot.IsAcquired)
            {
                return Busy(http);
            }
            account.PasswordHash = hasher.HashPassword(account, input.Password);
        }
        if (!await db.Accounts.AnyAsync(a => a.Email == email, ct))
        {
            db.Accounts.Add(account);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                // Another sign-up took the email meanwhile: the same answer as any taken email.
            }
        }
        return TypedResults.Accepted("/accounts/sign-in", new SignUpReceipt(email,
            "If this email had no account, it has one now: sign in with POST /accounts/sign-in."));
    }

    static async Task<Results<Ok<AccessTokenView>, ProblemHttpResult>> SignIn(
        SignIn input, AccountsDb db, IPasswordHasher<Account> hasher, AccessTokenIssuer tokens, SignInGuard guard,
        IOptions<SignInProtectionOptions> protection, SyncOptions sync, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var email = Account.NormalizeEmail(input.Email);
        if (guard.SignInRefused(email) is { } retryAfter)
        {
            return TooManyAttempts.Answer(http, retryAfter, "Too many sign-in attempts for this email.");
        }
        var now = time.GetUtcNow();
        if (await db.LockedUntilAsync(email, now, ct) is { } lockedUntil)
        {
            return Locked(http, lockedUntil, now);
        }

        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Email == email, ct);
        // Only the home cluster holds the hash (hashes are never published). Elsewhere the account is
        // checked like an unknown email, against a throwaway hash so the answer takes as long either
        // way: nothing tells which emails have accounts, or in which cluster.
        var checkable = account is not null && account.HomeCluster == sync.Cluster ? account : null;
        PasswordVerificationResult verified;
        using (var slot = await guard.HashSlotAsync(ct))
        {
            if (!slot.IsAcquired)
            {
                return Busy(http);
            }
            // Counted before it is checked (the check above only spares a locked email a hash slot): concurrent
            // guesses cannot all pass the lock that the first few of them are about to set.
            if (!await db.ClaimPasswordCheckAsync(email, now, protection.Value, ct))
            {
                return Locked(http, await db.LockedUntilAsync(email, now, ct) ?? now + protection.Value.LockoutDuration, now);
            }
            verified = hasher.VerifyHashedPassword(checkable ?? UnknownAccount, checkable?.PasswordHash ?? UnknownAccountHash, input.Password);
        }
        if (checkable is null || verified == PasswordVerificationResult.Failed)
        {
            return WrongCredentials(sync);
        }
        await db.ClearWrongPasswordsAsync(email, ct);
        if (checkable.Status != AccountStatus.Active)
        {
            return TypedResults.Problem(title: "The account is suspended.", statusCode: StatusCodes.Status403Forbidden);
        }
        var (token, expiresAt) = tokens.Issue(checkable);
        return TypedResults.Ok(new AccessTokenView(token, "Bearer", expiresAt, checkable.Id, checkable.Role.ToString()));
    }

    /// <summary>
    /// 401, the same for an unknown email, a wrong password and an account of the other cluster; with
    /// two clusters it says where accounts of the other one sign in, without saying whose that is.
    /// </summary>
    static ProblemHttpResult WrongCredentials(SyncOptions sync) =>
        string.IsNullOrEmpty(sync.PeerCluster)
            ? TypedResults.Problem(title: "The email or the password is wrong.", statusCode: StatusCodes.Status401Unauthorized)
            : TypedResults.Problem(
                title: "The email or the password is wrong.",
                detail: $"An account made in cluster {sync.PeerCluster} signs in there; the access token it gives works in cluster {sync.Cluster} too.",
                statusCode: StatusCodes.Status401Unauthorized,
                extensions: new Dictionary<string, object?> { ["cluster"] = sync.Cluster, ["peerCluster"] = sync.PeerCluster });

    static ProblemHttpResult Locked(HttpContext http, DateTimeOffset lockedUntil, DateTimeOffset now) =>
        TooManyAttempts.Answer(http, lockedUntil - now, "This email is locked after too many wrong passwords.");

    static ProblemHttpResult Busy(HttpContext http) =>
        TooManyAttempts.Answer(http, TimeSpan.FromSeconds(1), "Accounts is checking too many passwords at once.");

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
