using System.ComponentModel;
using FoodDelivery.Contracts;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops.Verbs;

internal sealed class DeadLetterListSettings : OpsSettings
{
    [CommandArgument(0, "<SERVICE>")]
    [Description("The service whose dead-letter queue to list.")]
    public string Service { get; init; } = "";

    [CommandOption("--skip <COUNT>")]
    [Description("Pass over this many letters first (the next page starts where the last ended).")]
    [DefaultValue(0)]
    public int Skip { get; init; }

    [CommandOption("--limit <COUNT>")]
    [Description("List at most this many (up to 500).")]
    [DefaultValue(DeadLetterPaging.DefaultLimit)]
    public int Limit { get; init; } = DeadLetterPaging.DefaultLimit;
}
