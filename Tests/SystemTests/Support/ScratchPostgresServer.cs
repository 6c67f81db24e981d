using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FoodDelivery.Hosting.Infrastructure.Local;
using FoodDelivery.Hosting.Infrastructure.Tls;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A fresh, empty PostgreSQL server of its own, started with local mode's launcher (postgres-local.sh: initdb,
/// password authentication only, the postgres user when root) on a free loopback port, and removed when disposed:
/// somewhere to restore into that shares nothing with the running system.
/// </summary>
public sealed class ScratchPostgresServer : IAsyncDisposable
{
    const string Superuser = "restorer";
    readonly Process process;
    readonly string root;
    readonly string binaries;
    readonly string certificateAuthorityFile;

    ScratchPostgresServer(Process process, string root, string binaries, int port, string password, string certificateAuthorityFile)
    {
        this.process = process;
        this.root = root;
        this.binaries = binaries;
        this.certificateAuthorityFile = certificateAuthorityFile;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string User => Superuser;

    public string Password { get; }

    string DataDirectory => Path.Combine(root, "data");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = Password,
        Database = database,
        Pooling = false,
        SslMode = SslMode.VerifyFull,
        RootCertificate = certificateAuthorityFile,
    }.ConnectionString;

    /// <summary>The libpq variables that reach this server as its superuser.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>
    {
        ["PGHOST"] = "127.0.0.1",
        ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = Superuser,
        ["PGPASSWORD"] = Password,
        ["PGSSLMODE"] = "verify-full",
        ["PGSSLROOTCERT"] = certificateAuthorityFile,
    };

    public static async Task<ScratchPostgresServer> StartAsync()
    {
        var binaries = LocalServerBinaries.PostgresBinDirectory()
            ?? throw new InvalidOperationException("No PostgreSQL server is installed (apt-get install -y postgresql).");
        // Searchable by the postgres user, which the launcher drops to when the tests run as root.
        var root = Path.Combine(Path.GetTempPath(), $"fooddelivery-scratch-postgres-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var port = FreePort();
        var password = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryScript.Root, "AppHost", "Infrastructure", "Local", "postgres-local.sh"));
        start.Environment["PG_BIN"] = binaries;
        start.Environment["PG_DATA"] = Path.Combine(root, "data");
        start.Environment["PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PG_USER"] = Superuser;
        start.Environment["PG_PASSWORD"] = password;
        // TCP over TLS only, as every local server: a certificate of a CA of its own.
        var certificate = LocalCertificateAuthority.In(root).IssueFor("scratch-postgres");
        start.Environment["FD_TLS_CERT_FILE"] = certificate.CertificateFile;
        start.Environment["FD_TLS_KEY_FILE"] = certificate.KeyFile;
        var process = Process.Start(start) ?? throw new InvalidOperationException("postgres-local.sh did not start.");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ScratchPostgresServer(process, root, binaries, port, password, certificate.CertificateAuthorityFile);
        try
        {
            // initdb, then the server listens: ready once the superuser gets in.
            await Eventually.AssertAsync(async () =>
            {
                Assert.False(process.HasExited, $"postgres-local.sh exited:\n{string.Join('\n', log)}");
                await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
                await connection.OpenAsync();
            }, TimeSpan.FromSeconds(120));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // A fast shutdown through pg_ctl, as the server's own user: a signal to the launcher would not reach
            // the server behind runuser.
            var stop = new ProcessStartInfo(Environment.UserName == "root" ? "runuser" : Path.Combine(binaries, "pg_ctl"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (Environment.UserName == "root")
            {
                foreach (var argument in new[] { "-u", "postgres", "--", Path.Combine(binaries, "pg_ctl") })
                {
                    stop.ArgumentList.Add(argument);
                }
            }
            foreach (var argument in new[] { "stop", "-D", DataDirectory, "-m", "fast", "-w" })
            {
                stop.ArgumentList.Add(argument);
            }
            using (var stopping = Process.Start(stop))
            {
                if (stopping is not null)
                {
                    await stopping.WaitForExitAsync();
                }
            }
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true); // pg_ctl could not stop it
            }
        }
        process.Dispose();
        Directory.Delete(root, recursive: true);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
