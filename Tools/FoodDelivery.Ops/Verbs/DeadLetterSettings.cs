using System.ComponentModel;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops.Verbs;

/// <summary>One dead letter of one service, by its message id (as <c>dead-letters list</c> shows it).</summary>
internal sealed class DeadLetterSettings : ConfirmedSettings
{
    [CommandArgument(0, "<SERVICE>")]
    [Description("The service whose dead-letter queue holds it.")]
    public string Service { get; init; } = "";

    [CommandArgument(1, "[MESSAGE_ID]")]
    [Description("The letter's message id (from dead-letters list).")]
    public string? MessageId { get; init; }

    [CommandOption("--all")]
    [Description("replay: every dead letter of the service instead of one.")]
    public bool All { get; init; }

    [CommandOption("--by <WHO>")]
    [Description("discard: who discards it (goes into the service's log).")]
    public string? By { get; init; }

    [CommandOption("--reason <WHY>")]
    [Description("discard: why it may be dropped (goes into the service's log).")]
    public string? Reason { get; init; }

    public string RequiredMessageId => string.IsNullOrWhiteSpace(MessageId)
        ? throw new UsageException("Name the dead letter by its message id (dead-letters list shows them).")
        : MessageId.Trim();
}
