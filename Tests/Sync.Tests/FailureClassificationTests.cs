using System.Net.Sockets;
using System.Text.Json;
using FoodDelivery.Sync.Consumer;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// Only what is wrong with the message dead-letters it: a failover, a timeout, a refused login or a lost connection pauses
/// the consumer (<see cref="FailureScope.Database"/>) or parks the one delivery (<see cref="FailureScope.Entity"/>), as the
/// server's SQLSTATE says, however EF wraps it.
/// </summary>
public sealed class FailureClassificationTests
{
    [Theory]
    [InlineData("25006")] // read_only_sql_transaction: a standby, or a primary demoted by a switchover
    [InlineData("28P01")] // invalid_password: an authentication blip while a password rotates
    [InlineData("28000")] // invalid_authorization_specification
    [InlineData("08006")] // connection_failure
    [InlineData("08001")] // sqlclient_unable_to_establish_sqlconnection
    [InlineData("08P01")] // protocol_violation
    [InlineData("57P01")] // admin_shutdown: the session was terminated
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now: starting up or shutting down
    [InlineData("53300")] // too_many_connections
    [InlineData("53100")] // disk_full
    [InlineData("58030")] // io_error
    [InlineData("3D000")] // invalid_catalog_name: the database is not there (yet)
    [InlineData("55000")] // object_not_in_prerequisite_state: a database closed to connections (fault suite scenario 3)
    [InlineData("55006")] // object_in_use
    public void A_database_that_takes_no_writes_pauses_the_consumer(string sqlState)
    {
        Assert.Equal(FailureScope.Database, FailureClassification.Of(ServerError(sqlState)));
        Assert.Equal(FailureScope.Database, FailureClassification.Of(new DbUpdateException("An error occurred while saving", ServerError(sqlState))));
    }

    [Theory]
    [InlineData("55P03")] // lock_not_available: lock_timeout
    [InlineData("57014")] // query_canceled: statement_timeout
    [InlineData("40001")] // serialization_failure
    [InlineData("40P01")] // deadlock_detected
    [InlineData("25P03")] // idle_in_transaction_session_timeout
    public void Contention_on_an_entity_parks_its_delivery(string sqlState)
    {
        Assert.Equal(FailureScope.Entity, FailureClassification.Of(ServerError(sqlState)));
        Assert.Equal(FailureScope.Entity,
            FailureClassification.Of(new InvalidOperationException("A reaction failed", new DbUpdateException("An error occurred while saving", ServerError(sqlState)))));
    }

    [Fact]
    public void A_race_lost_again_and_again_parks_its_delivery() =>
        Assert.Equal(FailureScope.Entity, FailureClassification.Of(new DbUpdateConcurrencyException("The row was changed")));

    [Fact]
    public void A_connection_that_cannot_be_made_or_was_lost_pauses_the_consumer()
    {
        Assert.Equal(FailureScope.Database, FailureClassification.Of(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal(FailureScope.Database, FailureClassification.Of(new NpgsqlException("Exception while reading from stream", new IOException("Connection reset"))));
        Assert.Equal(FailureScope.Database, FailureClassification.Of(new TimeoutException("The operation has timed out.")));
        Assert.Equal(FailureScope.Database,
            FailureClassification.Of(new Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException("Retries exhausted", new NpgsqlException("Failed to connect"))));
    }

    [Theory]
    [InlineData("23505")] // unique_violation
    [InlineData("23503")] // foreign_key_violation
    [InlineData("23514")] // check_violation
    [InlineData("22001")] // string_data_right_truncation: a value too long for the column
    [InlineData("22P02")] // invalid_text_representation
    [InlineData("XX000")] // internal_error
    public void What_the_message_caused_is_a_handler_failure(string sqlState)
    {
        Assert.Equal(FailureScope.Message, FailureClassification.Of(ServerError(sqlState)));
        Assert.Equal(FailureScope.Message, FailureClassification.Of(new DbUpdateException("An error occurred while saving", ServerError(sqlState))));
    }

    [Fact]
    public void A_failing_handler_is_a_handler_failure()
    {
        Assert.Equal(FailureScope.Message, FailureClassification.Of(new InvalidOperationException("Sequence contains no elements")));
        Assert.Equal(FailureScope.Message, FailureClassification.Of(new NullReferenceException()));
        Assert.Equal(FailureScope.Message, FailureClassification.Of(new JsonException("bad")));
    }

    static PostgresException ServerError(string sqlState) => new("the server's words", "ERROR", "ERROR", sqlState);
}
