using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Hosting.Infrastructure.Local;

/// <summary>
/// Healthy once a real client connection to the resource succeeds, so <c>WaitFor</c> waits for a
/// server that accepts connections, not merely a started process.
/// </summary>
public sealed class ServerProbeHealthCheck(IResourceWithConnectionString resource, Func<string, CancellationToken, Task> probe)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await resource.GetConnectionStringAsync(cancellationToken)
                ?? throw new InvalidOperationException($"{resource.Name} has no connection string yet.");
            await probe(connectionString, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{resource.Name} does not accept connections yet.", ex);
        }
    }
}
