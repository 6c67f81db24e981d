using FoodDelivery.Contracts;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// One cluster of a running system as the tests reach it: its services' APIs, their operator
/// endpoints and their databases, by the services' own names. A one-cluster system is one; each
/// cluster of a two-cluster system is one too, so the same helpers drive both.
/// </summary>
public interface IServiceCluster
{
    HttpClient Client(string service);

    /// <summary>A client of a service's management port (the operator endpoints), without a key.</summary>
    HttpClient ManagementClient(string service);

    /// <summary>A client of a service's operator endpoints (<c>/sync/*</c>), carrying the sync admin key.</summary>
    Task<HttpClient> OperatorClientAsync(string service, OperatorScope scope = OperatorScope.Repair);

    /// <summary>A direct connection to a service's database (<c>{service}db</c>), for assertions the API cannot make.</summary>
    Task<NpgsqlConnection> OpenDatabaseAsync(string database);
}
