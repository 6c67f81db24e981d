using System.ComponentModel;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops.Verbs;

internal sealed class RehomeSettings : ConfirmedSettings
{
    [CommandArgument(0, "<SERVICE>")]
    [Description("The owner of the entities, in the cluster that takes them over.")]
    public string Service { get; init; } = "";

    [CommandArgument(1, "[EVENT_TYPE]")]
    [Description("One entity's event type (with ID).")]
    public string? EventType { get; init; }

    [CommandArgument(2, "[ID]")]
    [Description("One entity's id.")]
    public string? Id { get; init; }

    [CommandOption("--lost-cluster <CLUSTER>")]
    [Description("Instead of one entity: everything of the service homed in this (lost) cluster.")]
    public string? LostCluster { get; init; }
}
