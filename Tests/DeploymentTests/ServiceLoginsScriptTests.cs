using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FoodDelivery.Hosting.Infrastructure.Local;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The init script the logins Job runs (the committed <c>postgres-initdb</c> ConfigMap), against a real PostgreSQL
/// server started as local mode starts it: run again with a changed password it succeeds, the login then opens with
/// the new password only, and what the service stored meanwhile is still there. That is what makes the Job safe to
/// run on every change of the Secret.
/// </summary>
public sealed class ServiceLoginsScriptTests
{
    const string Superuser = "fooddelivery";
    const string SuperuserPassword = "Superuser1";

    [Fact]
    public async Task Run_again_with_a_changed_password_it_moves_the_login_to_the_new_password_and_keeps_the_data()
    {
        var bin = LocalServerBinaries.PostgresBinDirectory()
            ?? throw new InvalidOperationException("PostgreSQL is not installed: run scripts/install-local-infrastructure.sh.");
        var configMaps = YamlDocuments.Load(File.ReadAllText(Path.Combine(Repository.KubernetesDirectory, "postgres", "configmap-initdb.yaml")));
        var script = (string)configMaps.Single()!["data"]!["10-service-logins.sh"]!;
        var serverEnvironment = YamlDocuments.Load(File.ReadAllText(Path.Combine(Repository.KubernetesDirectory, "postgres", "configmap.yaml")));
        var databases = (string)serverEnvironment.Single()!["data"]!["FD_SERVICE_DATABASES"]!;

        await using var server = await LocalServer.StartAsync(bin);
        var scriptFile = Path.Combine(server.Directory, "10-service-logins.sh");
        await File.WriteAllTextAsync(scriptFile, script);

        Dictionary<string, string> Passwords(string ordersPassword) => databases.Split(' ')
            .Select(entry => entry.Split(':')[0])
            .ToDictionary(database => $"FD_PASSWORD_{database.ToUpperInvariant()}", database => database == "ordersdb" ? ordersPassword : $"{database}Password1");

        var first = await server.RunAsync("bash", [scriptFile], new(Passwords("FirstPassword1")) { ["FD_SERVICE_DATABASES"] = databases });
        Assert.True(first.ExitCode == 0, first.Output);
        var created = await server.RunAsync("psql", ["-v", "ON_ERROR_STOP=1", "-U", "orders", "-d", "ordersdb", "-c", "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42);"],
            new() { ["PGPASSWORD"] = "FirstPassword1" });
        Assert.True(created.ExitCode == 0, created.Output);
        // Every session of the login has its waits bounded by the server (issue 32: a paused replica must not stall the others).
        var limits = await server.RunAsync("psql", ["-tA", "-U", "orders", "-d", "ordersdb", "-c", "SHOW lock_timeout", "-c", "SHOW idle_in_transaction_session_timeout"],
            new() { ["PGPASSWORD"] = "FirstPassword1" });
        Assert.True(limits.ExitCode == 0, limits.Output);
        Assert.Equal([FoodDelivery.Hosting.Infrastructure.LoginWaitLimits.LockWait, FoodDelivery.Hosting.Infrastructure.LoginWaitLimits.IdleInTransaction],
            limits.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var again = await server.RunAsync("bash", [scriptFile], new(Passwords("SecondPassword1")) { ["FD_SERVICE_DATABASES"] = databases });
        Assert.True(again.ExitCode == 0, again.Output);

        var withNew = await server.RunAsync("psql", ["-tA", "-U", "orders", "-d", "ordersdb", "-c", "SELECT id FROM kept"], new() { ["PGPASSWORD"] = "SecondPassword1" });
        Assert.True(withNew.ExitCode == 0, withNew.Output);
        Assert.Equal("42", withNew.Output.Trim());
        var withOld = await server.RunAsync("psql", ["-tA", "-U", "orders", "-d", "ordersdb", "-c", "SELECT 1"], new() { ["PGPASSWORD"] = "FirstPassword1" });
        Assert.NotEqual(0, withOld.ExitCode);
        Assert.Contains("password authentication failed", withOld.Output, StringComparison.Ordinal);
    }

    /// <summary>A PostgreSQL server of its own in a temporary folder, started by local mode's launcher (which drops root).</summary>
    sealed class LocalServer : IAsyncDisposable
    {
        readonly string bin;
        readonly int port;
        readonly Process process;
        readonly DirectoryInfo folder;

        LocalServer(string bin, int port, Process process, DirectoryInfo folder) => (this.bin, this.port, this.process, this.folder) = (bin, port, process, folder);

        public string Directory => folder.FullName;

        string Data => Path.Combine(folder.FullName, "data");

        public static async Task<LocalServer> StartAsync(string bin)
        {
            var folder = System.IO.Directory.CreateTempSubdirectory("fooddelivery-logins-");
            if (!OperatingSystem.IsWindows())
            {
                // The launcher runs the server as the postgres user when we are root: it must reach the data folder.
                File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            var port = FreePort();
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(Repository.Root, "AppHost", "Infrastructure", "Local", "postgres-local.sh"));
            start.Environment["PG_BIN"] = bin;
            start.Environment["PG_DATA"] = Path.Combine(folder.FullName, "data");
            start.Environment["PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PG_USER"] = Superuser;
            start.Environment["PG_PASSWORD"] = SuperuserPassword;
            // TCP over TLS only, as every local server: a certificate of a CA of its own.
            var certificate = FoodDelivery.Hosting.Infrastructure.Tls.LocalCertificateAuthority.In(folder.FullName).IssueFor("logins-postgres");
            start.Environment["FD_TLS_CERT_FILE"] = certificate.CertificateFile;
            start.Environment["FD_TLS_KEY_FILE"] = certificate.KeyFile;
            var process = Process.Start(start) ?? throw new InvalidOperationException("postgres-local.sh did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new LocalServer(bin, port, process, folder);
            // initdb, then the server: wait until it accepts connections, as the Job's pg_isready loop does.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while ((await server.RunAsync("pg_isready", ["--quiet"], [])).ExitCode != 0)
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    await server.DisposeAsync();
                    throw new InvalidOperationException("The local PostgreSQL server did not come up.");
                }
                await Task.Delay(200);
            }
            return server;
        }

        /// <summary>Runs a client program against the server as the Job does (PGHOST, PGPORT, the superuser in POSTGRES_USER/PGPASSWORD unless given).</summary>
        public async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, Dictionary<string, string> environment)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
            start.Environment["PGHOST"] = "127.0.0.1";
            start.Environment["PGPORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PGDATABASE"] = "postgres";
            start.Environment["POSTGRES_USER"] = Superuser;
            start.Environment["PGUSER"] = Superuser;
            start.Environment["PGPASSWORD"] = SuperuserPassword;
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
            using var child = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
            var error = child.StandardError.ReadToEndAsync();
            var output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            return (child.ExitCode, output + await error);
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                // A fast shutdown, as the server's own user; the launcher exits with it.
                var stop = new ProcessStartInfo(Environment.UserName == "root" ? "runuser" : Path.Combine(bin, "pg_ctl")) { RedirectStandardOutput = true, RedirectStandardError = true };
                if (Environment.UserName == "root")
                {
                    foreach (var argument in new[] { "-u", "postgres", "--", Path.Combine(bin, "pg_ctl") })
                    {
                        stop.ArgumentList.Add(argument);
                    }
                }
                foreach (var argument in new[] { "stop", "-D", Data, "-m", "fast", "-w" })
                {
                    stop.ArgumentList.Add(argument);
                }
                using (var stopping = Process.Start(stop))
                {
                    await (stopping?.WaitForExitAsync() ?? Task.CompletedTask);
                }
                if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            process.Dispose();
            folder.Delete(recursive: true);
        }

        static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
