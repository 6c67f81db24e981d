using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Inbox;
using FoodDelivery.Sync.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Tests.Model;

/// <summary>
/// Every service's model holds the engine's tables through <see cref="SyncDbContext"/>, whose sets are internal: EF finds
/// them anyway, so the services' migrations stay as they are. Building the model opens no connection.
/// </summary>
public sealed class EngineTablesTests
{
    [Fact]
    public void A_service_model_holds_the_outbox_the_inbox_and_the_take_over_fences()
    {
        using var db = new ProbeDb(new DbContextOptionsBuilder<ProbeDb>().UseNpgsql("Host=nowhere").UseSnakeCaseNamingConvention().Options);

        Assert.Equal("sync_outbox", db.Model.FindEntityType(typeof(OutboxMessage))?.GetTableName());
        Assert.Equal("sync_inbox", db.Model.FindEntityType(typeof(InboxMessage))?.GetTableName());
        Assert.Equal(TakeOverFenceConfiguration.Table, db.Model.FindEntityType(typeof(TakeOverFence))?.GetTableName());
    }

    sealed class ProbeDb(DbContextOptions<ProbeDb> options) : SyncDbContext(options);
}
