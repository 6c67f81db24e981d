using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// Every secret is its cluster's own: the logins a service of east holds (its broker user, its database role)
/// and the infrastructure's own (the broker's operator, the PostgreSQL superuser) open east's servers and are
/// refused by west's, so a compromised cluster holds nothing that opens the other.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class ClusterCredentialTests(TwoClusterSystem system)
{
    [Theory]
    [MemberData(nameof(Services))]
    public async Task An_east_service_s_broker_login_is_refused_by_west_s_broker(string service)
    {
        var held = new Uri((await system.EnvironmentOfAsync(Resource(East, service)))["ConnectionStrings__messaging"]);
        // It is a working login: east's broker takes it.
        await using (await RawBroker.Factory(held).CreateConnectionAsync()) { }

        var onWest = await OnBrokerOfAsync(West, held);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(onWest));
        Assert.True(IsAuthenticationFailure(refused), $"west's broker did not refuse east {service}'s login for a bad password: {refused}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task An_east_service_s_database_login_is_refused_by_west_s_postgres(string service)
    {
        var held = new NpgsqlConnectionStringBuilder((await system.EnvironmentOfAsync(Resource(East, service)))[$"ConnectionStrings__{service}db"]) { Pooling = false };
        // It is a working login: east's server takes it.
        await using (var east = new NpgsqlConnection(held.ConnectionString))
        {
            await east.OpenAsync();
        }

        var onWest = await OnServerOfAsync(West, held, $"{service}db");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(onWest));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task East_s_broker_operator_and_database_superuser_are_refused_by_west_s_servers()
    {
        var brokerOperator = new Uri((await system.App.GetConnectionStringAsync(Resource(East, "messaging")))!);
        var operatorOnWest = await OnBrokerOfAsync(West, brokerOperator);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(operatorOnWest));
        Assert.True(IsAuthenticationFailure(refused), $"west's broker did not refuse east's operator for a bad password: {refused}");

        var superuser = new NpgsqlConnectionStringBuilder(await system.SuperuserConnectionStringAsync(Resource(East, "menudb"))) { Pooling = false };
        var superuserOnWest = await OnServerOfAsync(West, superuser, "menudb");
        var refusedSuperuser = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(superuserOnWest));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refusedSuperuser.SqlState);
    }

    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];

    /// <summary>The same user and password, sent to <paramref name="cluster"/>'s broker.</summary>
    async Task<Uri> OnBrokerOfAsync(string cluster, Uri login)
    {
        var broker = new Uri((await system.App.GetConnectionStringAsync(Resource(cluster, "messaging")))!);
        return new UriBuilder(login) { Host = broker.Host, Port = broker.Port }.Uri;
    }

    /// <summary>The same role and password, sent to <paramref name="cluster"/>'s PostgreSQL server.</summary>
    async Task<string> OnServerOfAsync(string cluster, NpgsqlConnectionStringBuilder login, string database)
    {
        var server = new NpgsqlConnectionStringBuilder(await system.SuperuserConnectionStringAsync(Resource(cluster, database)));
        return new NpgsqlConnectionStringBuilder(login.ConnectionString) { Host = server.Host, Port = server.Port }.ConnectionString;
    }

    static async Task ConnectAsync(Uri uri)
    {
        await using var connection = await RawBroker.Factory(uri).CreateConnectionAsync();
    }

    static async Task OpenAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
    }

    static bool IsAuthenticationFailure(Exception? exception) =>
        exception is not null && (exception is AuthenticationFailureException || IsAuthenticationFailure(exception.InnerException));
}
