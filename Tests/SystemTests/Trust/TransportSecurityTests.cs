using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;
using RabbitMQ.Client;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Every connection a service makes is TLS with the server verified, as the AppHost gives it (its local CA, the
/// servers' certificates): the broker has no plaintext listener, PostgreSQL refuses plaintext over TCP whoever logs
/// in, and a client that does not trust the local CA gets no connection. What is checked is what the servers say
/// (the broker's management API, <c>pg_stat_ssl</c>), not what the clients were told.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class TransportSecurityTests(RunningSystem system)
{
    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];

    [Fact]
    public async Task The_broker_shows_every_service_connection_encrypted()
    {
        using var management = await BrokerManagement.ConnectAsync(system);
        await Eventually.AssertAsync(async () =>
        {
            using var connections = await management.GetAsync("/api/connections");
            var byUser = connections.RootElement.EnumerateArray()
                .Select(connection => (User: connection.GetProperty("user").GetString()!, Ssl: connection.GetProperty("ssl").GetBoolean()))
                .ToList();
            Assert.All(RunningSystem.ServiceNames, service => Assert.Contains(byUser, connection => connection.User == service));
            Assert.All(byUser, connection => Assert.True(connection.Ssl, $"{connection.User}'s connection to the broker is not TLS"));
        });
    }

    [Fact]
    public async Task PostgreSQL_shows_every_service_connection_encrypted()
    {
        await using var connection = await system.OpenDatabaseAsync("ordersdb");
        await Eventually.AssertAsync(async () =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT a.usename::text, coalesce(s.ssl, false), coalesce(s.version, '')
                FROM pg_stat_activity a LEFT JOIN pg_stat_ssl s ON s.pid = a.pid
                WHERE a.backend_type = 'client backend' AND a.client_addr IS NOT NULL
                """;
            var sessions = new List<(string User, bool Ssl, string Version)>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    sessions.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetString(2)));
                }
            }
            Assert.All(RunningSystem.ServiceNames, service => Assert.Contains(sessions, session => session.User == service));
            Assert.All(sessions, session =>
            {
                Assert.True(session.Ssl, $"{session.User}'s database connection is not encrypted");
                Assert.StartsWith("TLSv1.", session.Version, StringComparison.Ordinal);
            });
        });
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_s_broker_login_over_plaintext_gets_no_connection(string service)
    {
        var held = new Uri((await system.EnvironmentOfAsync(service))["ConnectionStrings__messaging"]);
        Assert.Equal("amqps", held.Scheme);
        var plaintext = new UriBuilder(held) { Scheme = "amqp", Query = "" }.Uri;
        var factory = new ConnectionFactory { Uri = plaintext, AutomaticRecoveryEnabled = false, RequestedConnectionTimeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var connection = await factory.CreateConnectionAsync();
        });
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_s_database_login_over_plaintext_is_refused(string service)
    {
        var held = new NpgsqlConnectionStringBuilder((await system.EnvironmentOfAsync(service))[$"ConnectionStrings__{service}db"])
        {
            Pooling = false,
        };
        Assert.Equal(SslMode.VerifyFull, held.SslMode);
        var plaintext = new NpgsqlConnectionStringBuilder(held.ConnectionString) { SslMode = SslMode.Disable, RootCertificate = null };
        await using var connection = new NpgsqlConnection(plaintext.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidAuthorizationSpecification, refused.SqlState);
    }

    [Fact]
    public async Task A_client_that_trusts_another_CA_is_refused_the_broker_and_the_database()
    {
        var foreignCa = Path.Combine(Path.GetTempPath(), $"foreign-ca-{Guid.NewGuid():N}.crt");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Someone else's CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(foreignCa, ca.ExportCertificatePem());
        }
        try
        {
            var broker = await RawBroker.UriAsync(system, "menu");
            // The same login with the local CA gets in: only the trust differs.
            await using (await RawBroker.Factory(broker).CreateConnectionAsync()) { }
            var misled = new UriBuilder(broker) { Query = $"cacertfile={Uri.EscapeDataString(foreignCa)}" }.Uri;
            var factory = RawBroker.Factory(misled);
            factory.AutomaticRecoveryEnabled = false;
            await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var connection = await factory.CreateConnectionAsync();
        });

            var database = new NpgsqlConnectionStringBuilder((await system.EnvironmentOfAsync("menu"))["ConnectionStrings__menudb"])
            {
                Pooling = false,
                RootCertificate = foreignCa,
            };
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync());
        }
        finally
        {
            File.Delete(foreignCa);
        }
    }
}
