namespace FoodDelivery.Contracts;

/// <summary>
/// The operator's account actions on accounts' management port (the repair key): suspend an account, reinstate it. The
/// paths the endpoint maps, the dashboard's commands and the operator tool call.
/// </summary>
public static class AccountStanding
{
    /// <summary>The service that serves them: the owner of accounts.</summary>
    public const string Service = "accounts";

    /// <summary>The group every action hangs under (<c>/operator/accounts/{id}</c>).</summary>
    public const string Template = SyncRoutes.OperatorPrefix + "/accounts/{id:guid}";

    public const string SuspendTemplate = "/suspend";
    public const string ReinstateTemplate = "/reinstate";

    public static string Suspend(string id) => $"{Account(id)}{SuspendTemplate}";

    public static string Reinstate(string id) => $"{Account(id)}{ReinstateTemplate}";

    static string Account(string id) => $"{SyncRoutes.OperatorPrefix}/accounts/{Uri.EscapeDataString(id)}";
}
