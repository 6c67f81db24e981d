using Npgsql;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// While this replica leads, wakes its relay when another replica of the service commits: that replica's own
/// signal cannot reach here, so when it fails to take the leader lock it sends a notification instead
/// (<see cref="RelayDatabase.TryLeadAsync"/>), and its rows do not wait for the leader's next poll. A
/// connection of its own, because a session waiting for notifications can run nothing else.
/// </summary>
sealed class RelayWakeUps : IAsyncDisposable
{
    public const string Channel = "fd_sync_outbox_committed";

    // Waits in steps rather than with a cancellation token, which Npgsql does not handle well while it waits
    // for notifications; a step only bounds how long disposing takes.
    static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    readonly NpgsqlConnection connection;
    readonly OutboxSignal signal;
    readonly Task listening;
    volatile bool stopping;

    RelayWakeUps(NpgsqlConnection connection, OutboxSignal signal)
    {
        this.connection = connection;
        this.signal = signal;
        connection.Notification += (_, _) => signal.Notify();
        listening = Task.Run(ListenAsync);
    }

    public static async Task<RelayWakeUps> StartAsync(NpgsqlConnection template, OutboxSignal signal, CancellationToken ct)
    {
        var connection = template.CloneWith(new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await listen.ExecuteNonQueryAsync(ct);
            return new RelayWakeUps(connection, signal);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    async Task ListenAsync()
    {
        try
        {
            while (!stopping)
            {
                await connection.WaitAsync(Step);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The connection is gone: the leader's own session is likely gone too, and it polls meanwhile.
            signal.Notify();
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopping = true;
        await listening;
        await connection.DisposeAsync();
    }
}
