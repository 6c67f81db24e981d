using System.ComponentModel;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops.Verbs;

internal sealed class WhereIsSettings : OpsSettings
{
    [CommandArgument(0, "<EVENT_TYPE>")]
    [Description("The entity's event type, e.g. RestaurantChanged.")]
    public string EventType { get; init; } = "";

    [CommandArgument(1, "<ID>")]
    [Description("The entity's id (a GUID).")]
    public string Id { get; init; } = "";

    [CommandOption("--from <SERVICE>")]
    [Description("The service to ask (any of them answers for all); the type's owner by default.")]
    public string? From { get; init; }
}
