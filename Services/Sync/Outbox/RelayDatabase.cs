using Npgsql;
using NpgsqlTypes;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// The relay's own long-lived session with its service's database: it holds the leader lock and runs the
/// relay's two statements, read pending and mark sent. Unpooled, so that closing it (or losing it) ends the
/// session, and with it the lock (and no pool reset ever runs on it). Raw Npgsql rather than EF Core: these two
/// fixed statements run for every batch on the path every event takes, so they are prepared once per session
/// instead of paying a DI scope, a DbContext and a query pipeline each time. A mark followed by a read goes as one
/// batch: one round trip, one implicit transaction.
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

    // One statement for any number of confirmed batches, each row with its own batch's confirmation time. On its own
    // it is its own (implicit) transaction: a relay that dies before it commits leaves the rows pending, sent again.
    const string MarkSentSql = """
        UPDATE sync_outbox AS o SET sent_at = m.sent_at
        FROM unnest(@sequences, @sent_at) AS m(sequence, sent_at)
        WHERE o.sequence = m.sequence
        """;

    readonly NpgsqlConnection connection;
    NpgsqlCommand? readPending;
    NpgsqlCommand? markSent;
    NpgsqlBatch? markSentThenRead;

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
        AddReadParameters(readPending.Parameters);
        markSent = new NpgsqlCommand(MarkSentSql, connection);
        AddMarkParameters(markSent.Parameters);
        markSentThenRead = new NpgsqlBatch(connection);
        var mark = new NpgsqlBatchCommand(MarkSentSql);
        AddMarkParameters(mark.Parameters);
        var read = new NpgsqlBatchCommand(ReadPendingSql);
        AddReadParameters(read.Parameters);
        markSentThenRead.BatchCommands.Add(mark);
        markSentThenRead.BatchCommands.Add(read);
        await readPending.PrepareAsync(ct);
        await markSent.PrepareAsync(ct);
        await markSentThenRead.PrepareAsync(ct);
        return true;
    }

    static void AddReadParameters(NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter<long[]>("in_flight", NpgsqlDbType.Array | NpgsqlDbType.Bigint));
        parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer));
    }

    static void AddMarkParameters(NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint));
        parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("sent_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
    }

    static void SetReadParameters(NpgsqlParameterCollection parameters, long[] inFlight, int limit)
    {
        ((NpgsqlParameter<long[]>)parameters[0]).TypedValue = inFlight;
        ((NpgsqlParameter<int>)parameters[1]).TypedValue = limit;
    }

    static void SetMarkParameters(NpgsqlParameterCollection parameters, SentMarks marks)
    {
        ((NpgsqlParameter<long[]>)parameters[0]).TypedValue = marks.Sequences;
        ((NpgsqlParameter<DateTimeOffset[]>)parameters[1]).TypedValue = marks.SentAt;
    }

    /// <summary>
    /// The oldest pending rows, in sequence order, apart from those already published and awaiting their mark. With
    /// <paramref name="marks"/>, marks those rows sent first, in the same round trip and the same implicit transaction:
    /// if the read fails, the mark is undone too and those rows are sent again (consumers drop the duplicates).
    /// </summary>
    public async Task<List<OutboxMessage>> ReadPendingAsync(SentMarks? marks, long[] inFlight, int limit, CancellationToken ct)
    {
        if (readPending is null || markSentThenRead is null)
        {
            throw new InvalidOperationException("Only the leader reads pending rows.");
        }
        NpgsqlDataReader reader;
        if (marks is null)
        {
            SetReadParameters(readPending.Parameters, inFlight, limit);
            reader = await readPending.ExecuteReaderAsync(ct);
        }
        else
        {
            SetMarkParameters(markSentThenRead.BatchCommands[0].Parameters, marks);
            SetReadParameters(markSentThenRead.BatchCommands[1].Parameters, inFlight, limit);
            // The update returns no rows: the reader starts at the read's.
            reader = await markSentThenRead.ExecuteReaderAsync(ct);
        }
        await using (reader)
        {
            var pending = new List<OutboxMessage>();
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
    }

    /// <summary>Marks confirmed rows sent, when no read follows: one statement, its own implicit transaction.</summary>
    public async Task MarkSentAsync(SentMarks marks, CancellationToken ct)
    {
        var command = markSent ?? throw new InvalidOperationException("Only the leader marks rows sent.");
        SetMarkParameters(command.Parameters, marks);
        await command.ExecuteNonQueryAsync(ct);
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
        if (markSentThenRead is not null)
        {
            await markSentThenRead.DisposeAsync();
        }
        // Ends the session: the server releases the leader lock.
        await connection.DisposeAsync();
    }
}
