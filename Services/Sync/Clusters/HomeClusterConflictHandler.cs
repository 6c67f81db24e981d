using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// Turns <see cref="EntityHomedElsewhereException"/> into 409 ProblemDetails naming the home
/// cluster (<c>homeCluster</c>), whatever endpoint the write came through, so no endpoint needs
/// to know about clusters.
/// </summary>
internal sealed class HomeClusterConflictHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not EntityHomedElsewhereException homedElsewhere)
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = $"This {homedElsewhere.EntityType.ToLowerInvariant()} is homed in cluster {homedElsewhere.HomeCluster}.",
                Detail = $"Only cluster {homedElsewhere.HomeCluster} writes it; this is cluster {homedElsewhere.ThisCluster}, which keeps a read-only copy. Send the write to {homedElsewhere.HomeCluster}.",
                Extensions =
                {
                    ["homeCluster"] = homedElsewhere.HomeCluster,
                    ["cluster"] = homedElsewhere.ThisCluster,
                    ["id"] = homedElsewhere.Id,
                },
            },
        });
    }
}
