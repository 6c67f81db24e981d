using System.ComponentModel;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops;

/// <summary>A verb that changes something: asks first, as the dashboard does, unless told yes (a script must say --yes).</summary>
internal class ConfirmedSettings : OpsSettings
{
    [CommandOption("-y|--yes")]
    [Description("Do it without asking (required when the input is not a terminal).")]
    public bool Yes { get; init; }
}
