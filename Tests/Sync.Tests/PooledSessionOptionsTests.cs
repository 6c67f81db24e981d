using FoodDelivery.Sync.Registration;
using Npgsql;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// The service's pooled sessions skip the reset on return and prepare their repeated statements (issue 31, lever 3),
/// unless the connection string the infrastructure gives says otherwise; the rest of it stays as given.
/// </summary>
public sealed class PooledSessionOptionsTests
{
    const string Given = "Host=db.internal;Port=5432;Database=menudb;Username=menu;Password=s3cret;SSL Mode=VerifyFull;Root Certificate=/certs/ca.pem";

    [Fact]
    public void A_connection_string_without_them_gets_no_reset_on_close_and_automatic_preparation()
    {
        var applied = new NpgsqlConnectionStringBuilder(new PooledSessionOptions().Apply(Given));

        Assert.True(applied.NoResetOnClose);
        Assert.Equal(32, applied.MaxAutoPrepare);
        Assert.Equal(2, applied.AutoPrepareMinUsages);
        Assert.Equal("s3cret", applied.Password);
        Assert.Equal(SslMode.VerifyFull, applied.SslMode);
        Assert.Equal("/certs/ca.pem", applied.RootCertificate);
        Assert.Equal("menudb", applied.Database);
    }

    [Fact]
    public void What_the_connection_string_sets_itself_wins_in_either_spelling()
    {
        var applied = new NpgsqlConnectionStringBuilder(new PooledSessionOptions().Apply(Given + ";NoResetOnClose=false;Max Auto Prepare=0"));

        Assert.False(applied.NoResetOnClose);
        Assert.Equal(0, applied.MaxAutoPrepare);
        Assert.Equal(2, applied.AutoPrepareMinUsages);
    }

    [Fact]
    public void Each_setting_can_be_turned_off_in_configuration_to_measure_it_alone()
    {
        var applied = new NpgsqlConnectionStringBuilder(new PooledSessionOptions { NoResetOnClose = false, MaxAutoPrepare = 0 }.Apply(Given));

        Assert.False(applied.NoResetOnClose);
        Assert.Equal(0, applied.MaxAutoPrepare);
    }

    [Fact]
    public void No_connection_string_stays_none_for_the_integration_to_report()
    {
        Assert.Null(new PooledSessionOptions().Apply(null));
    }
}
