using Microsoft.Extensions.Hosting;

namespace FoodDelivery.Sync.Startup;

/// <summary>
/// A hosted service that finishes what it holds when the host stops, instead of dropping it: the stopping token only
/// says "take no new work"; <see cref="DrainDeadline"/> fires when the host gives up waiting
/// (<c>HostOptions.ShutdownTimeout</c>), and only then is work in flight abandoned (left for redelivery or re-send).
/// </summary>
internal abstract class DrainingService : BackgroundService
{
    readonly CancellationTokenSource deadline = new();

    /// <summary>Cancelled once the host's shutdown timeout has passed (or the service is disposed).</summary>
    protected CancellationToken DrainDeadline => deadline.Token;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's token is cancelled when its shutdown timeout passes: the drain ends there too.
        await using var registration = cancellationToken.Register(deadline.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        deadline.Cancel();
        deadline.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
