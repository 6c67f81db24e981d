using FoodDelivery.Contracts;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A cluster whose service clients all send through one <see cref="RetryOnce"/>: hand it to <see cref="WriteLoad"/>
/// to make the load's clients retry once, as real clients do, and count what failed.
/// </summary>
public sealed class RetryingCluster(IServiceCluster inner) : IServiceCluster, IDisposable
{
    public RetryOnce Retries { get; } = new();

    public HttpClient Client(string service)
    {
        using var original = inner.Client(service);
        var client = new HttpClient(Retries, disposeHandler: false) { BaseAddress = original.BaseAddress };
        foreach (var header in original.DefaultRequestHeaders)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }
        return client;
    }

    public HttpClient ManagementClient(string service) => inner.ManagementClient(service);

    public Task<HttpClient> OperatorClientAsync(string service, OperatorScope scope = OperatorScope.Repair) => inner.OperatorClientAsync(service, scope);

    public Task<NpgsqlConnection> OpenDatabaseAsync(string database) => inner.OpenDatabaseAsync(database);

    public void Dispose() => Retries.Dispose();
}
