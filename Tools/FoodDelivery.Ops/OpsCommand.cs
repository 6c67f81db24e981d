using Spectre.Console.Cli;

namespace FoodDelivery.Ops;

/// <summary>
/// Every verb: opens a session from its settings, runs, and turns a usage problem (a missing key or address, an unknown
/// service) into its exit code and one line on the error stream.
/// </summary>
internal abstract class OpsCommand<TSettings> : AsyncCommand<TSettings> where TSettings : OpsSettings
{
    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = OpsSession.Open(settings, Environment.GetEnvironmentVariable);
            return await RunAsync(session, settings, cancellationToken);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadUsage;
        }
    }

    protected abstract Task<int> RunAsync(OpsSession session, TSettings settings, CancellationToken ct);
}
