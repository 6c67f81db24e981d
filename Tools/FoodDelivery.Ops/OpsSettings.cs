using System.ComponentModel;
using Spectre.Console.Cli;

namespace FoodDelivery.Ops;

/// <summary>What every verb takes: where the services are, where the keys are (never the keys), and the output's form.</summary>
internal class OpsSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print the services' answers as JSON, for scripts (tables for people otherwise).")]
    public bool Json { get; init; }

    [CommandOption("-a|--address <SERVICE=URL>")]
    [Description("A service's management address, e.g. menu=http://localhost:7102 (repeat for each service).")]
    public string[] Addresses { get; init; } = [];

    [CommandOption("--addresses <FILE>")]
    [Description("A file of SERVICE=URL lines (default: the file $FOODDELIVERY_OPS_ADDRESSES names).")]
    public string? AddressesFile { get; init; }

    [CommandOption("--context <KUBE_CONTEXT>")]
    [Description("Reach services without an address through kubectl port-forward in this kubeconfig context.")]
    public string? KubeContext { get; init; }

    [CommandOption("-n|--namespace <NAMESPACE>")]
    [Description("The Kubernetes namespace of the services (with kubectl port-forward).")]
    public string? KubeNamespace { get; init; }

    [CommandOption("--key-file <FILE>")]
    [Description("A file with read=KEY and/or repair=KEY lines (default: $FOODDELIVERY_OPS_KEY_FILE, else the keys in $FOODDELIVERY_OPS_READ_KEY and $FOODDELIVERY_OPS_REPAIR_KEY). Keys are never taken from the command line.")]
    public string? KeyFile { get; init; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("How long to wait for each service's answer (a rebuild or a resync of a large table takes a while).")]
    [DefaultValue(300)]
    public int TimeoutSeconds { get; init; } = 300;
}
