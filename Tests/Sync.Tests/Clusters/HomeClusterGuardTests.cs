using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Tests.Clusters;

/// <summary>
/// One writer per entity across clusters, checked before anything is written: a new entity is homed where it was
/// created, a change is taken only in the entity's home, and only a re-home moves a home. Every row has a home (the
/// column is required since the first migration), so an empty one is not taken for this cluster's.
/// </summary>
public sealed class HomeClusterGuardTests
{
    [Fact]
    public void A_new_entity_is_homed_in_the_cluster_that_creates_it()
    {
        using var db = Db();
        var item = new Item { Id = Guid.NewGuid() };
        db.Add(item);

        HomeClusterGuard.Check(db, "west");

        Assert.Equal("west", item.HomeCluster);
    }

    [Fact]
    public void A_new_entity_said_to_be_homed_elsewhere_is_refused()
    {
        using var db = Db();
        db.Add(new Item { Id = Guid.NewGuid(), HomeCluster = "east" });

        Assert.Throws<EntityHomedElsewhereException>(() => HomeClusterGuard.Check(db, "west"));
    }

    [Fact]
    public void A_change_is_taken_in_the_entity_s_home_only()
    {
        using var db = Db();
        var here = Stored(db, "west");
        var there = Stored(db, "east");
        here.Name = "Soup";

        HomeClusterGuard.Check(db, "west");

        there.Name = "Bread";
        var refusal = Assert.Throws<EntityHomedElsewhereException>(() => HomeClusterGuard.Check(db, "west"));
        Assert.Contains("east", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("east")]
    [InlineData("")]
    public void A_change_that_moves_or_clears_the_home_outside_a_re_home_is_refused(string home)
    {
        using var db = Db();
        var item = Stored(db, "west");
        item.HomeCluster = home;

        Assert.Throws<InvalidOperationException>(() => HomeClusterGuard.Check(db, "west"));
    }

    [Fact]
    public void A_row_without_a_home_is_nobody_s_to_change()
    {
        using var db = Db();
        Stored(db, "").Name = "Soup";

        Assert.Throws<EntityHomedElsewhereException>(() => HomeClusterGuard.Check(db, "west"));
    }

    static Item Stored(ItemsDb db, string home)
    {
        var item = new Item { Id = Guid.NewGuid(), Version = 1, HomeCluster = home, Name = "Tea" };
        db.Attach(item);
        return item;
    }

    static ItemsDb Db() => new(new DbContextOptionsBuilder<ItemsDb>().UseNpgsql("Host=nowhere").UseSnakeCaseNamingConvention().Options);

    sealed class ItemsDb(DbContextOptions<ItemsDb> options) : SyncDbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();
    }

    sealed class Item : IOwnedEntity
    {
        public Guid Id { get; set; }
        public long Version { get; set; }
        public bool Deleted { get; set; }
        public string HomeCluster { get; set; } = "";
        public string Name { get; set; } = "";
    }
}
