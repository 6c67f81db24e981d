using System.Net.Sockets;

namespace FoodDelivery.SystemTests;

/// <summary>
/// What a well-behaved client does during a rolling upgrade: a request answered 5xx, or not answered because the
/// connection was refused or reset (the replica behind the proxy was stopping), is sent once more. Counts both the
/// first tries that failed and the requests that failed after their one retry: the upgrade's promise is that the
/// second number stays 0.
/// </summary>
public sealed class RetryOnce : DelegatingHandler
{
    // The retry goes over a new connection: the orchestrator's proxy pins each client connection to one replica, so a
    // retry on another pooled keep-alive connection may reach the same stopping replica (seen: both attempts ResponseEnded).
    readonly HttpMessageInvoker fresh = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
    long requests;
    long firstTryFailures;
    long failedAfterRetry;

    public RetryOnce()
        : base(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
    }

    public long Requests => Interlocked.Read(ref requests);

    public long FirstTryFailures => Interlocked.Read(ref firstTryFailures);

    public long FailedAfterRetry => Interlocked.Read(ref failedAfterRetry);

    /// <summary>What the first tries that failed answered (status code or exception), for the report.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> FirstTryAnswers { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode < 500)
            {
                return response;
            }
            FirstTryAnswers.Add($"{request.Method} {request.RequestUri?.AbsolutePath}: {(int)response.StatusCode}");
            response.Dispose();
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested && IsUnanswered(ex))
        {
            FirstTryAnswers.Add($"{request.Method} {request.RequestUri?.AbsolutePath}: {ex.HttpRequestError} {ex.InnerException?.GetType().Name}");
        }
        Interlocked.Increment(ref firstTryFailures);
        try
        {
            var retried = await fresh.SendAsync(request, cancellationToken);
            if ((int)retried.StatusCode >= 500)
            {
                Interlocked.Increment(ref failedAfterRetry);
            }
            return retried;
        }
        catch
        {
            Interlocked.Increment(ref failedAfterRetry);
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fresh.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Refused, reset or closed before an answer: the request did not reach a service that could answer it.</summary>
    static bool IsUnanswered(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.SecureConnectionError
        || ex.InnerException is SocketException or IOException;
}
