using FoodDelivery.Contracts;
using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Sync.Tests;

/// <summary>Versions are an ownership epoch (high 32 bits) and a write count (low 32 bits); nothing wraps.</summary>
public sealed class VersionTests
{
    const long Epoch = 1L << 32;

    [Theory]
    [InlineData(1L)]
    [InlineData(Epoch - 1)]
    [InlineData(Epoch + 1)]
    [InlineData((1L << 40) + 1)]
    [InlineData((ChangeVersion.MaxEpoch << 32) + 1)]
    public void A_version_with_a_write_in_an_epoch_up_to_the_last_is_valid(long version) =>
        Assert.Null(ChangeInvariants.Check(ValidEvents.RestaurantChanged() with { Version = version }));

    [Theory]
    [InlineData(Epoch, "RestaurantChanged.Version is 4294967296 (ownership epoch 1, write 0); its write count (the low 32 bits) must be >= 1")]
    [InlineData(1L << 40, "RestaurantChanged.Version is 1099511627776 (ownership epoch 256, write 0); its write count")]
    [InlineData(((ChangeVersion.MaxEpoch + 1) << 32) + 1, "(ownership epoch 1048576, write 1); its ownership epoch must be at most 1048575")]
    [InlineData(long.MaxValue, "RestaurantChanged.Version is 9223372036854775807 (ownership epoch 2147483647, write 4294967295); its ownership epoch must be at most 1048575")]
    [InlineData(long.MinValue, "RestaurantChanged.Version is -9223372036854775808; it must be >= 1")]
    public void A_version_without_a_write_or_beyond_the_last_epoch_is_refused(long version, string reason) =>
        Assert.Contains(reason, ChangeInvariants.Check(ValidEvents.RestaurantChanged() with { Version = version }), StringComparison.Ordinal);

    [Theory]
    [InlineData(3L, 4L)]
    [InlineData(3L, Epoch + 1)]
    [InlineData(Epoch + 7, 2 * Epoch + 1)]
    [InlineData(0L, Epoch + 1)]
    public void A_newer_version_in_the_same_or_the_next_epoch_may_replace_the_held_one(long held, long incoming) =>
        Assert.Null(ChangeVersion.BeyondNextEpoch("RestaurantChanged", incoming, held));

    [Theory]
    [InlineData(5L, 5L)]
    [InlineData(2 * Epoch + 1, 3L)]
    public void An_older_version_is_not_an_epoch_breach_but_the_version_guards_stale(long held, long incoming) =>
        Assert.Null(ChangeVersion.BeyondNextEpoch("RestaurantChanged", incoming, held));

    [Fact]
    public void A_version_more_than_one_epoch_past_the_held_one_is_refused_with_both_versions()
    {
        var reason = ChangeVersion.BeyondNextEpoch("RestaurantChanged", (1L << 40) + 1, 3);
        Assert.Equal(
            "invalid-event: RestaurantChanged.Version is 1099511627777 (ownership epoch 256, write 1); " +
            "it must be at most one ownership epoch past the version held, 3 (epoch 0)", reason);
        Assert.NotNull(ChangeVersion.BeyondNextEpoch("RestaurantChanged", 2 * Epoch + 1, Epoch - 1));
    }

    [Fact]
    public void Stamping_goes_up_by_one_within_the_epoch()
    {
        Assert.Equal(2, OwnedEntityVersioning.Next(1));
        Assert.Equal(Epoch + 2, OwnedEntityVersioning.Next(Epoch + 1));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(Epoch - 1)]
    [InlineData(2 * Epoch - 1)]
    public void Stamping_past_the_last_write_of_an_epoch_throws_instead_of_wrapping(long version) =>
        Assert.Throws<OverflowException>(() => OwnedEntityVersioning.Next(version));

    [Fact]
    public void A_rehome_starts_the_next_epoch_at_its_first_write()
    {
        Assert.Equal(Epoch + 1, OwnedEntityVersioning.FirstOfNextEpoch(7));
        Assert.Equal(2 * Epoch + 1, OwnedEntityVersioning.FirstOfNextEpoch(Epoch + 9));
        Assert.Equal((ChangeVersion.MaxEpoch << 32) + 1, OwnedEntityVersioning.FirstOfNextEpoch(((ChangeVersion.MaxEpoch - 1) << 32) + 3));
    }

    [Theory]
    [InlineData(0L, 1L)]
    [InlineData(5L, 1L)]
    [InlineData(Epoch + 1, Epoch + 1)]
    [InlineData(Epoch + 9, Epoch + 1)]
    [InlineData(3 * Epoch, 3 * Epoch + 1)]
    public void A_new_entity_starts_at_the_first_write_of_the_epoch_its_creator_chose(long set, long stamped) =>
        Assert.Equal(stamped, OwnedEntityVersioning.FirstOfEpoch(set));

    [Fact]
    public void A_new_entity_past_the_last_epoch_throws() =>
        Assert.Throws<OverflowException>(() => OwnedEntityVersioning.FirstOfEpoch(long.MaxValue));

    [Theory]
    [InlineData((ChangeVersion.MaxEpoch << 32) + 1)]
    [InlineData(long.MaxValue)]
    public void A_rehome_past_the_last_epoch_throws_so_no_owner_publishes_a_version_consumers_refuse(long version) =>
        Assert.Throws<OverflowException>(() => OwnedEntityVersioning.FirstOfNextEpoch(version));
}
