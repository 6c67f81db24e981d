using FoodDelivery.Sync.Startup;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// The engine takes RabbitMQ 3.10 up to 4.x and PostgreSQL 15 up to 18 (what local mode and CI run, up to what the
/// Kubernetes output ships) and refuses anything else, a version it cannot read included, with one sentence.
/// </summary>
public sealed class SupportedServerTests
{
    [Theory]
    [InlineData("3.10.8")]
    [InlineData("3.10.0")]
    [InlineData("3.13.7")]
    [InlineData("4.0.5")]
    [InlineData("4.3.0")]
    [InlineData("4.1.0-rc.1")]
    [InlineData("4.99.99+2.g1234abc")]
    public void A_broker_from_3_10_up_to_4_x_is_taken(string announced) =>
        Assert.Null(SupportedServer.RabbitMq.Refusal(announced));

    [Theory]
    [InlineData("3.9.29", "RabbitMQ 3.9 (announced as '3.9.29') is not supported: this service supports RabbitMQ 3.10 up to 4.x.")]
    [InlineData("3.8.0", "RabbitMQ 3.8 (announced as '3.8.0') is not supported")]
    [InlineData("2.8.7", "RabbitMQ 2.8 (announced as '2.8.7') is not supported")]
    public void A_broker_older_than_3_10_is_refused(string announced, string refusal) =>
        Assert.StartsWith(refusal, SupportedServer.RabbitMq.Refusal(announced), StringComparison.Ordinal);

    [Theory]
    [InlineData("5.0.0", "RabbitMQ 5.0 (announced as '5.0.0') is not supported: this service supports RabbitMQ 3.10 up to 4.x.")]
    [InlineData("10.1.2", "RabbitMQ 10.1 (announced as '10.1.2') is not supported")]
    public void A_broker_newer_than_4_x_is_refused(string announced, string refusal) =>
        Assert.StartsWith(refusal, SupportedServer.RabbitMq.Refusal(announced), StringComparison.Ordinal);

    [Theory]
    [InlineData("", "RabbitMQ announced no version; this service supports RabbitMQ 3.10 up to 4.x")]
    [InlineData(null, "RabbitMQ announced no version")]
    [InlineData("four", "RabbitMQ announced version 'four', which this service cannot read; it supports RabbitMQ 3.10 up to 4.x")]
    [InlineData("4", "RabbitMQ announced version '4', which this service cannot read")]
    [InlineData("v4.0.1", "RabbitMQ announced version 'v4.0.1', which this service cannot read")]
    [InlineData("3.100000.1", "RabbitMQ announced version '3.100000.1', which this service cannot read")]
    public void A_broker_version_that_cannot_be_read_is_refused(string? announced, string refusal) =>
        Assert.StartsWith(refusal, SupportedServer.RabbitMq.Refusal(announced), StringComparison.Ordinal);

    [Theory]
    [InlineData("150000")]
    [InlineData("150008")]
    [InlineData("170004")]
    [InlineData("180003")]
    [InlineData(" 160002 ")]
    public void A_database_server_from_15_up_to_18_is_taken(string serverVersionNum) =>
        Assert.Null(SupportedServer.PostgreSql.Refusal(serverVersionNum));

    [Theory]
    [InlineData("140010", "PostgreSQL 14.10 (announced as '140010') is not supported: this service supports PostgreSQL 15 up to 18.x.")]
    [InlineData("90624", "PostgreSQL 9.6 (announced as '90624') is not supported")]
    public void A_database_server_older_than_15_is_refused(string serverVersionNum, string refusal) =>
        Assert.StartsWith(refusal, SupportedServer.PostgreSql.Refusal(serverVersionNum), StringComparison.Ordinal);

    [Theory]
    [InlineData("190000", "PostgreSQL 19.0 (announced as '190000') is not supported: this service supports PostgreSQL 15 up to 18.x.")]
    [InlineData("200001", "PostgreSQL 20.1 (announced as '200001') is not supported")]
    public void A_database_server_newer_than_18_is_refused(string serverVersionNum, string refusal) =>
        Assert.StartsWith(refusal, SupportedServer.PostgreSql.Refusal(serverVersionNum), StringComparison.Ordinal);

    [Theory]
    [InlineData("", "PostgreSQL announced no version")]
    [InlineData("15.8", "PostgreSQL announced version '15.8', which this service cannot read; it supports PostgreSQL 15 up to 18.x")]
    [InlineData("-150008", "PostgreSQL announced version '-150008', which this service cannot read")]
    [InlineData("1500", "PostgreSQL announced version '1500', which this service cannot read")]
    [InlineData("99999999999", "PostgreSQL announced version '99999999999', which this service cannot read")]
    public void A_database_server_version_that_cannot_be_read_is_refused(string serverVersionNum, string refusal) =>
        Assert.StartsWith(refusal, SupportedServer.PostgreSql.Refusal(serverVersionNum), StringComparison.Ordinal);
}
