using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Each service reaches PostgreSQL with its own login, exactly as the AppHost gives it to the service:
/// it owns its database and nothing else, and the database server refuses it everywhere else.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class DatabaseIsolationTests(RunningSystem system)
{
    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_is_given_its_own_database_and_the_broker_and_nothing_else(string service)
    {
        var environment = await system.EnvironmentOfAsync(service);

        var connectionStrings = environment.Keys.Where(key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order();
        Assert.Equal(new[] { $"ConnectionStrings__{service}db", "ConnectionStrings__messaging" }.Order(), connectionStrings);
        var own = new NpgsqlConnectionStringBuilder(environment[$"ConnectionStrings__{service}db"]);
        Assert.Equal($"{service}db", own.Database);
        Assert.Equal(service, own.Username);
        foreach (var other in RunningSystem.DatabaseNames.Where(database => database != $"{service}db"))
        {
            Assert.DoesNotContain(environment, variable => variable.Value.Contains($"Database={other}", StringComparison.Ordinal));
        }
        // The superuser's credentials are the infrastructure's alone.
        var superuserPassword = await system.ParameterValueAsync("postgres-password");
        Assert.DoesNotContain(environment, variable => variable.Value.Contains(superuserPassword, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_migrates_its_own_database_at_start(string service)
    {
        await using var connection = await system.OpenDatabaseAsync($"{service}db");
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM \"__EFMigrationsHistory\"";
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 1);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_s_login_owns_its_database_and_everything_in_it_and_is_no_superuser(string service)
    {
        await using var connection = await OpenAsServiceAsync(service, $"{service}db");
        var (user, owner, superuser, createsDatabases, createsRoles) = await ScalarsAsync(connection, """
            SELECT current_user::text, pg_get_userbyid(d.datdba)::text, r.rolsuper, r.rolcreatedb, r.rolcreaterole
            FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user
            """, reader => (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4)));
        Assert.Equal(service, user);
        Assert.Equal(service, owner);
        Assert.False(superuser);
        Assert.False(createsDatabases);
        Assert.False(createsRoles);

        // Its migrations ran as itself, so every table it uses is its own.
        var foreignTables = await ScalarsAsync(connection,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user", reader => reader.GetInt64(0));
        Assert.Equal(0, foreignTables);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_s_login_cannot_connect_to_any_other_service_s_database(string service)
    {
        foreach (var other in RunningSystem.DatabaseNames.Where(database => database != $"{service}db"))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsServiceAsync(service, other));
            // 42501 insufficient_privilege: "permission denied for database", the login lacks CONNECT.
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            Assert.Contains(other, refused.MessageText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_s_login_cannot_connect_to_the_server_s_own_databases(string service)
    {
        foreach (var database in new[] { "postgres", "template1" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsServiceAsync(service, database));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
    }

    [Fact]
    public async Task No_login_but_a_database_s_owner_may_make_temporary_tables_in_it()
    {
        await using var server = await system.OpenDatabaseAsync("accountsdb");
        var databases = RunningSystem.DatabaseNames.Concat(["postgres", "template1"]);
        foreach (var database in databases)
        {
            var publicTemp = await ScalarsAsync(server, $"SELECT has_database_privilege('public', '{database}', 'TEMP')", reader => reader.GetBoolean(0));
            Assert.False(publicTemp, $"PUBLIC may make temporary tables in {database}");
            foreach (var service in RunningSystem.ServiceNames.Where(service => $"{service}db" != database))
            {
                var temp = await ScalarsAsync(server, $"SELECT has_database_privilege('{service}', '{database}', 'TEMP')", reader => reader.GetBoolean(0));
                Assert.False(temp, $"{service} may make temporary tables in {database}");
            }
        }
    }

    [Fact]
    public async Task The_database_server_refuses_a_login_without_its_password_on_its_socket_and_over_TCP()
    {
        var server = await system.EnvironmentOfAsync("postgres");
        var login = await system.EnvironmentOfAsync("accounts");
        var serviceRole = new NpgsqlConnectionStringBuilder(login["ConnectionStrings__accountsdb"]).Username!;
        foreach (var host in new[] { server["PG_DATA"], "127.0.0.1" })
        {
            foreach (var (user, database) in new[] { (server["PG_USER"], "postgres"), (serviceRole, "accountsdb") })
            {
                var withoutPassword = new NpgsqlConnectionStringBuilder
                {
                    Host = host, Port = int.Parse(server["PG_PORT"], System.Globalization.CultureInfo.InvariantCulture),
                    Username = user, Database = database, Pooling = false, Timeout = 10,
                    // Over TCP the server takes TLS only: the password rule is what must refuse.
                    SslMode = host == "127.0.0.1" ? SslMode.Require : SslMode.Disable,
                };
                await using var connection = new NpgsqlConnection(withoutPassword.ConnectionString);
                // Npgsql refuses before it sends anything once the server asks for a password it does not have.
                var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
                Assert.Contains("password", refused.Message, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task No_login_but_accounts_own_can_reach_the_stored_password_hashes()
    {
        await using var accountsDb = await system.OpenDatabaseAsync("accountsdb");
        foreach (var service in RunningSystem.ServiceNames.Where(service => service != "accounts"))
        {
            var (connect, select) = await ScalarsAsync(accountsDb,
                $"SELECT has_database_privilege('{service}', 'accountsdb', 'CONNECT'), has_table_privilege('{service}', 'accounts', 'SELECT')",
                reader => (reader.GetBoolean(0), reader.GetBoolean(1)));
            Assert.False(connect, $"{service} may connect to accountsdb");
            Assert.False(select, $"{service} may read accounts");
        }
        // Nor may PUBLIC, that is any login the server will ever have, connect to any service's database.
        foreach (var database in RunningSystem.DatabaseNames)
        {
            var publicConnect = await ScalarsAsync(accountsDb,
                $"SELECT has_database_privilege('public', '{database}', 'CONNECT')", reader => reader.GetBoolean(0));
            Assert.False(publicConnect, $"PUBLIC may connect to {database}");
        }
    }

    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];

    /// <summary>A connection to <paramref name="database"/> with the login the AppHost gives <paramref name="service"/>.</summary>
    async Task<NpgsqlConnection> OpenAsServiceAsync(string service, string database)
    {
        var login = new NpgsqlConnectionStringBuilder((await system.EnvironmentOfAsync(service))[$"ConnectionStrings__{service}db"])
        {
            Database = database,
            Pooling = false,
        };
        var connection = new NpgsqlConnection(login.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    static async Task<T> ScalarsAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return read(reader);
    }
}
