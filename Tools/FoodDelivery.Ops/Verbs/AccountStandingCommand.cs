using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Verbs;

/// <summary>
/// <c>accounts suspend ID</c> and <c>accounts reinstate ID</c> (one class, two verbs: <see cref="SuspendAccountCommand"/>,
/// <see cref="ReinstateAccountCommand"/>): the change travels as an ordinary AccountChanged, so every service refuses
/// or takes the account's writes again once its replica has it.
/// </summary>
internal abstract class AccountStandingCommand(bool suspend) : OpsCommand<AccountSettings>
{
    protected override async Task<int> RunAsync(OpsSession session, AccountSettings settings, CancellationToken ct)
    {
        if (!Guid.TryParse(settings.AccountId, out var id))
        {
            throw new UsageException($"{settings.AccountId} is not an account id (a GUID).");
        }
        if (!session.Confirmed(settings, suspend
                ? $"Suspend account {id}? Every service refuses its writes until it is reinstated."
                : $"Reinstate account {id}?"))
        {
            return ExitCodes.Ok;
        }
        var path = suspend ? AccountStanding.Suspend(id.ToString()) : AccountStanding.Reinstate(id.ToString());
        return session.Print(await session.Client.SendAsync(AccountStanding.Service, HttpMethod.Post, path, ct),
            account => $"{OpsSession.Text(account, "email")} ({OpsSession.Text(account, "id")}): {OpsSession.Text(account, "status")}, v{OpsSession.Text(account, "version")}");
    }
}
