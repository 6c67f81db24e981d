using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// Tells a failure of the infrastructure from a failure of the message, by PostgreSQL's SQLSTATE where there is one:
/// only what is wrong with the message may dead-letter it. A failover (read-only <c>25006</c>), a statement or lock
/// timeout, a refused login or a lost connection says nothing about the event, and dead-lettering valid events for it
/// would need an operator to replay them.
/// </summary>
internal static class FailureClassification
{
    public static FailureScope Of(Exception exception)
    {
        // The first PostgreSQL error in the chain says what the server refused; EF and Npgsql wrap it.
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres)
            {
                // What Npgsql itself calls transient (55000 a database closed to connections, 55006 object in use...)
                // and the table below does not place is the infrastructure's too.
                var scope = OfSqlState(postgres.SqlState);
                return scope == FailureScope.Message && postgres.IsTransient ? FailureScope.Database : scope;
            }
        }
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case DbUpdateConcurrencyException:
                    return FailureScope.Entity;
                // Without a server error: the connection could not be made or was lost (I/O, TLS, pool exhausted, timeout).
                case NpgsqlException or TimeoutException or SocketException or IOException or RetryLimitExceededException:
                    return FailureScope.Database;
            }
        }
        return FailureScope.Message;
    }

    /// <summary>The scope of a PostgreSQL error code (https://www.postgresql.org/docs/current/errcodes-appendix.html).</summary>
    public static FailureScope OfSqlState(string sqlState) => sqlState switch
    {
        // lock_not_available (lock_timeout), serialization_failure, deadlock_detected, statement_completion_unknown,
        // query_canceled (statement_timeout), idle_in_transaction_session_timeout: this attempt lost, the entity waits.
        "55P03" or "40001" or "40P01" or "40003" or "57014" or "25P03" => FailureScope.Entity,
        // read_only_sql_transaction: a standby, or a primary demoted by a switchover.
        "25006" => FailureScope.Database,
        // admin_shutdown, crash_shutdown, cannot_connect_now, database_dropped, idle_session_timeout; and a database
        // that is not there (yet): the configuration's or the infrastructure's problem, never the event's.
        "57P01" or "57P02" or "57P03" or "57P04" or "57P05" or "3D000" => FailureScope.Database,
        _ => sqlState[..Math.Min(2, sqlState.Length)] switch
        {
            // connection_exception, invalid_authorization_specification (28P01 a password the server no longer takes),
            // insufficient_resources (too many connections, disk full), system_error (I/O).
            "08" or "28" or "53" or "58" => FailureScope.Database,
            _ => FailureScope.Message,
        },
    };
}
