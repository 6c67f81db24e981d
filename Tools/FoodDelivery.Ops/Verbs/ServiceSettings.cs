using System.ComponentModel;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops.Verbs;

/// <summary>A verb that asks one service, or every service when none is named.</summary>
internal sealed class ServiceSettings : OpsSettings
{
    [CommandArgument(0, "[SERVICE]")]
    [Description("accounts, restaurants, menu, orders, payments, delivery or reviews; all seven when left out.")]
    public string? Service { get; init; }
}
