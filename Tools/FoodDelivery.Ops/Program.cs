using FoodDelivery.Ops;
using FoodDelivery.Ops.Verbs;
using Spectre.Console.Cli;

// The dashboard's operator commands where there is no dashboard (Kubernetes, a script): the same verbs on the same
// endpoints. docs/ops-cli.md is the reference, docs/runbook.md the walk through each alert.
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("fooddelivery-ops");
    config.UseStrictParsing();
    // A parse error is bad usage (2), never the code an answer would give.
    config.SetExceptionHandler((exception, _) =>
    {
        Console.Error.WriteLine(exception.Message);
        return exception is CommandAppException ? ExitCodes.BadUsage : ExitCodes.Failed;
    });
    config.AddCommand<StatusCommand>("status").WithDescription("Sync status of one service or all: consumer, outbox, queue, dead letters.");
    config.AddCommand<ConvergenceCommand>("convergence").WithDescription("Every replica a service keeps (or all services keep) against its owner.");
    config.AddCommand<WhereIsCommand>("where-is").WithDescription("One entity's versions: what its owner published and what each consumer holds.");
    config.AddBranch("dead-letters", letters =>
    {
        letters.SetDescription("A service's dead letters: list (a page at a time), peek, replay, discard.");
        letters.AddCommand<DeadLetterListCommand>("list").WithDescription("One page of the dead letters, \"first N of M\".");
        letters.AddCommand<DeadLetterPeekCommand>("peek").WithDescription("One letter's headers and body; it stays.");
        letters.AddCommand<DeadLetterReplayCommand>("replay").WithDescription("One letter (MESSAGE_ID) or --all back to the service's queue.");
        letters.AddCommand<DeadLetterDiscardCommand>("discard").WithDescription("Drop one letter for good, saying --by whom and --reason why.");
    });
    config.AddCommand<ResyncCommand>("resync").WithDescription("The service republishes everything it owns.");
    config.AddCommand<RebuildCommand>("rebuild").WithDescription("The service's replicas (or one type's) made equal to their owners.");
    config.AddCommand<RehomeCommand>("re-home").WithDescription("Two clusters: make this cluster the home of an entity, or of everything a lost cluster homed.");
    config.AddBranch("accounts", accounts =>
    {
        accounts.SetDescription("An account's standing.");
        accounts.AddCommand<SuspendAccountCommand>("suspend").WithDescription("Suspend an account: every service refuses its writes.");
        accounts.AddCommand<ReinstateAccountCommand>("reinstate").WithDescription("Reinstate a suspended account.");
    });
});
return await app.RunAsync(args);
