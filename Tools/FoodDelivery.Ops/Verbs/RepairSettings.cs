using System.ComponentModel;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops.Verbs;

/// <summary>A repair of one service (resync, rebuild).</summary>
internal sealed class RepairSettings : ConfirmedSettings
{
    [CommandArgument(0, "<SERVICE>")]
    [Description("The service to repair.")]
    public string Service { get; init; } = "";

    [CommandOption("--event-type <EVENT_TYPE>")]
    [Description("rebuild: only the replica of this event type (all the service keeps otherwise).")]
    public string? EventType { get; init; }
}
