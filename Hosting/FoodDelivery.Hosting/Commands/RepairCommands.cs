using FoodDelivery.Hosting.Infrastructure;
using FoodDelivery.Contracts;

namespace FoodDelivery.Hosting.Commands;

/// <summary>
/// Repairs that take arguments, next to the ones in <see cref="SyncCommands"/>: rebuild the replica of one event type (on a
/// service that keeps replicas), and on accounts, suspend or reinstate one account. Each asks for confirmation, as the
/// other commands that change something do, and calls the same endpoint the operator tool calls.
/// </summary>
public static class RepairCommands
{
    public static IResourceBuilder<ProjectResource> WithRepairCommands(
        this IResourceBuilder<ProjectResource> service, string serviceName, OperatorKeyParameters keys)
    {
        var resource = service.Resource.Name;
        if (ServiceCatalogue.Find(serviceName) is { Replicates.Count: > 0 } entry)
        {
            service.WithHttpCommand(SyncRoutes.Rebuild, "Rebuild one replica", endpointName: ManagementEndpoint.Name, commandName: "rebuild-replica",
                commandOptions: OperatorCommands.Options(resource, keys, HttpMethod.Post,
                    "Makes this service's replica of one event type equal to its owner whatever the versions; reports what it changed.",
                    "DatabaseArrowUp", "application/json",
                    arguments => $"{SyncRoutes.Rebuild}?eventType={Uri.EscapeDataString(arguments.GetString("eventType")?.Trim() ?? "")}",
                    [
                        new InteractionInput
                        {
                            Name = "eventType", Label = "Event type", InputType = InputType.Choice, Required = true,
                            Options = [.. entry.Replicates.Order(StringComparer.Ordinal).Select(type => KeyValuePair.Create(type, type))],
                        },
                    ],
                    confirmation: "Overwrite this replica with its owner's rows, whatever versions it holds? Events keep applying meanwhile."));
        }
        if (serviceName == AccountStanding.Service)
        {
            service
                .WithHttpCommand(SyncRoutes.OperatorPrefix, "Suspend an account", endpointName: ManagementEndpoint.Name, commandName: "suspend-account",
                    commandOptions: OperatorCommands.Options(resource, keys, HttpMethod.Post,
                        "Suspends one account: every service refuses its writes once its replica has the change, though its token is still valid.",
                        "PersonProhibited", "application/json", arguments => AccountStanding.Suspend(AccountId(arguments)), [AccountIdInput()],
                        confirmation: "Suspend this account? Every service refuses its writes until it is reinstated."))
                .WithHttpCommand(SyncRoutes.OperatorPrefix, "Reinstate an account", endpointName: ManagementEndpoint.Name, commandName: "reinstate-account",
                    commandOptions: OperatorCommands.Options(resource, keys, HttpMethod.Post,
                        "Reinstates a suspended account: its writes are taken again once each service's replica has the change.",
                        "PersonAvailable", "application/json", arguments => AccountStanding.Reinstate(AccountId(arguments)), [AccountIdInput()],
                        confirmation: "Reinstate this account?"));
        }
        return service;
    }

    static InteractionInput AccountIdInput() =>
        new() { Name = "accountId", Label = "Account id", InputType = InputType.Text, Required = true, Placeholder = "the account's id (a GUID)" };

    static string AccountId(InteractionInputCollection arguments) => arguments.GetString("accountId")?.Trim() ?? "";
}
