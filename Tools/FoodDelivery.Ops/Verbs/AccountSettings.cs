using System.ComponentModel;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops.Verbs;

internal sealed class AccountSettings : ConfirmedSettings
{
    [CommandArgument(0, "<ACCOUNT_ID>")]
    [Description("The account's id (a GUID).")]
    public string AccountId { get; init; } = "";
}
