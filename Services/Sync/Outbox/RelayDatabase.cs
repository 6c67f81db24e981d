using Npgsql;
using NpgsqlTypes;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// The relay's own long-lived session with its service's database: it holds the leader lock and runs the
/// relay's two statements, read pending and mark sent. Unpooled, so that closing it (or losing it) ends the
/// session, and with it the lock. Raw Npgsql rather than EF Core: these two fixed statements run for every
/// batch on the path every event takes, so they are prepared once per session instead of paying a DI scope,
/// a DbContext and a query pipeline each time.
/// </summary>
sealed class RelayDatabase : IAsyncDisposable
{
    // Any fixed number works: it only has to be the same in every replica of this service. The value of the
    // transaction-scoped lock the relay took before: an older replica and a newer one still exclude each other.
    const long LeaderLockKey = 0x5359_4E43_5245_4C41; // "SYNCRELA"

    const string ReadPendingSql = """
        SELECT sequence, message_id, type, aggregate_id, version, payload::text, trace_parent, trace_state, committed_at
        FROM sync_outbox
        WHERE sent_at IS NULL AND sequence <> ALL(@in_flight)
        ORDER BY sequence
        LIMIT @limit
        """;

    const string MarkSentSql = "UPDATE sync_outbox SET sent_at = @sent_at WHERE sequence = ANY(@sequences)";

    readonly NpgsqlConnection connection;
    NpgsqlCommand? readPending;
    NpgsqlCommand? markSent;

    RelayDatabase(NpgsqlConnection connection) => this.connection = connection;

    /// <summary>True once this session holds the leader lock: it keeps it until the session ends.</summary>
    public bool Leading { get; private set; }

    /// <summary>Opens a session with the database of <paramref name="template"/> (same server, login and password).</summary>
    public static async Task<RelayDatabase> OpenAsync(NpgsqlConnection template, string serviceName, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(template.ConnectionString)
        {
            Pooling = false,
            ApplicationName = $"{serviceName} outbox relay",
        };
        var connection = template.CloneWith(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Only mark-sent commits run here, and they need not wait for their WAL flush: if the server crashes
            // before it, the rows are pending again and published again, and consumers drop the duplicates. The
            // owner's own writes stay synchronous; this saves one disk flush per batch.
            await using var setup = new NpgsqlCommand("SET synchronous_commit TO off", connection);
            await setup.ExecuteNonQueryAsync(ct);
            return new RelayDatabase(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes the leader lock if no other replica's session holds it. Session-level: taken once, held while the
    /// session lives, so the leader reads and publishes one batch while the previous ones are still being
    /// confirmed, and no other replica can publish in between.
    /// </summary>
    /// <remarks>
    /// Refused with <paramref name="wakeLeader"/> (this replica committed rows), it tells the leader so
    /// (<see cref="RelayWakeUps"/>), in the same statement.
    /// </remarks>
    public async Task<bool> TryLeadAsync(bool wakeLeader, CancellationToken ct)
    {
        if (Leading)
        {
            return true;
        }
        var sql = wakeLeader
            ? $"SELECT CASE WHEN pg_try_advisory_lock(@key) THEN true ELSE (SELECT false FROM pg_notify('{RelayWakeUps.Channel}', '')) END"
            : "SELECT pg_try_advisory_lock(@key)";
        await using (var tryLock = new NpgsqlCommand(sql, connection))
        {
            tryLock.Parameters.Add(new NpgsqlParameter<long>("key", LeaderLockKey));
            if (await tryLock.ExecuteScalarAsync(ct) is not true)
            {
                return false;
            }
        }
        Leading = true;

        readPending = new NpgsqlCommand(ReadPendingSql, connection);
        readPending.Parameters.Add(new NpgsqlParameter<long[]>("in_flight", NpgsqlDbType.Array | NpgsqlDbType.Bigint));
        readPending.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer));
        markSent = new NpgsqlCommand(MarkSentSql, connection);
        markSent.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("sent_at", NpgsqlDbType.TimestampTz));
        markSent.Parameters.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint));
        await readPending.PrepareAsync(ct);
        await markSent.PrepareAsync(ct);
        return true;
    }

    /// <summary>The oldest pending rows, in sequence order, apart from those already published and awaiting their mark.</summary>
    public async Task<List<OutboxMessage>> ReadPendingAsync(long[] inFlight, int limit, CancellationToken ct)
    {
        var command = readPending ?? throw new InvalidOperationException("Only the leader reads pending rows.");
        ((NpgsqlParameter<long[]>)command.Parameters[0]).TypedValue = inFlight;
        ((NpgsqlParameter<int>)command.Parameters[1]).TypedValue = limit;
        var pending = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            pending.Add(new OutboxMessage
            {
                Sequence = reader.GetInt64(0),
                MessageId = reader.GetGuid(1),
                Type = reader.GetString(2),
                AggregateId = reader.GetGuid(3),
                Version = reader.GetInt64(4),
                Payload = reader.GetString(5),
                TraceParent = reader.IsDBNull(6) ? null : reader.GetString(6),
                TraceState = reader.IsDBNull(7) ? null : reader.GetString(7),
                CommittedAt = reader.GetFieldValue<DateTimeOffset>(8),
            });
        }
        return pending;
    }

    /// <summary>
    /// Marks confirmed rows sent: one statement for the batch, in its own transaction, so that a relay that dies
    /// before the commit leaves them pending (to be sent again) even if the statement itself completed.
    /// </summary>
    public async Task MarkSentAsync(long[] sequences, DateTimeOffset sentAt, CancellationToken ct)
    {
        var command = markSent ?? throw new InvalidOperationException("Only the leader marks rows sent.");
        ((NpgsqlParameter<DateTimeOffset>)command.Parameters[0]).TypedValue = sentAt;
        ((NpgsqlParameter<long[]>)command.Parameters[1]).TypedValue = sequences;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (readPending is not null)
        {
            await readPending.DisposeAsync();
        }
        if (markSent is not null)
        {
            await markSent.DisposeAsync();
        }
        // Ends the session: the server releases the leader lock.
        await connection.DisposeAsync();
    }
}
