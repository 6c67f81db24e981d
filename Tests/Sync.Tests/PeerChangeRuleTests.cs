using FoodDelivery.Contracts;
using FoodDelivery.Sync.Clusters;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// East holds a row; which newer version may change it, by where the change came from. East's own owner: any
/// within one epoch. West (the peer): its own rows within their epoch; east's rows only by the fenced take-over.
/// </summary>
public sealed class PeerChangeRuleTests
{
    const long Epoch = 1L << 32;
    static readonly Guid Id = Guid.Parse("01a237cc-0432-7596-9bcb-acc774dfebc9");

    static string? Judge(long incoming, string origin, long held, string heldHome, bool fenced = false) =>
        PeerChangeRule.Refusal(nameof(AccountChanged), Id, incoming, origin, local: origin == "east", held, heldHome, fenced);

    [Theory]
    [InlineData(3L, "east", 2L, "east")]
    [InlineData(Epoch + 1, "east", 2L, "west")]
    [InlineData(3L, "west", 2L, "west")]
    [InlineData(Epoch + 3, "west", Epoch + 2, "west")]
    [InlineData(3L, "west", 2L, "")]
    [InlineData(2L, "west", 3L, "east")]
    public void A_change_its_home_could_have_written_applies(long incoming, string origin, long held, string heldHome) =>
        Assert.Null(Judge(incoming, origin, held, heldHome));

    [Fact]
    public void The_peer_takes_over_a_row_homed_here_at_the_next_epoch_only_when_fenced()
    {
        Assert.Null(Judge(Epoch + 1, "west", 2L, "east", fenced: true));
        Assert.Null(Judge(Epoch + 5, "west", 2L, "east", fenced: true));
        Assert.Equal(
            $"AccountChanged {Id} is homed in east: cluster west changes it only by a take-over east's operator fenced (/sync/fences/accounts)",
            Judge(Epoch + 1, "west", 2L, "east"));
    }

    [Theory]
    [InlineData(3L, true)]
    [InlineData(3L, false)]
    [InlineData(Epoch + 1, false)]
    public void The_peer_never_rewrites_a_row_homed_here_within_its_epoch_or_unfenced(long incoming, bool fenced) =>
        Assert.StartsWith($"AccountChanged {Id} is homed in east", Judge(incoming, "west", 2L, "east", fenced), StringComparison.Ordinal);

    [Theory]
    [InlineData(Epoch + 1, 2L, "west")]
    [InlineData(Epoch + 1, 2L, "")]
    [InlineData(2 * Epoch + 1, Epoch + 7, "west")]
    public void The_peer_starts_no_epoch_for_its_own_rows(long incoming, long held, string heldHome) =>
        Assert.StartsWith("invalid-event: AccountChanged.Version is", Judge(incoming, "west", held, heldHome, fenced: true), StringComparison.Ordinal);

    [Theory]
    [InlineData(Epoch + 1, "west", Epoch + 3, "east")]
    [InlineData(Epoch + 1, "west", Epoch + 1, "west")]
    [InlineData(2L, "west", Epoch + 3, "west")]
    [InlineData(2L, "west", Epoch + 3, "")]
    [InlineData(2L, "east", Epoch + 3, "west")]
    public void An_older_change_from_the_home_itself_from_here_or_within_the_epoch_held_is_merely_stale(long incoming, string origin, long held, string heldHome) =>
        Assert.Null(Judge(incoming, origin, held, heldHome));

    [Fact]
    public void An_older_epoch_s_change_from_the_old_home_of_a_row_taken_over_here_is_refused_as_superseded()
    {
        // West's row, taken over from it at epoch 1 (or back at epoch 2): what west wrote before, delivered only now.
        Assert.Equal(
            $"AccountChanged {Id} version 3 (ownership epoch 0) from west is superseded by east's take-over (version {Epoch + 2} held, epoch 1): " +
            "west wrote it before the take-over and it arrived after. Discard it, or make the change again in east",
            Judge(3L, "west", Epoch + 2, "east"));
        Assert.Contains("superseded by east's take-over", Judge(Epoch + 9, "west", 2 * Epoch + 1, "east", fenced: true), StringComparison.Ordinal);
    }

    [Fact]
    public void No_change_from_anywhere_jumps_more_than_one_epoch()
    {
        Assert.Contains("at most one ownership epoch past", Judge(2 * Epoch + 1, "west", 2L, "east", fenced: true), StringComparison.Ordinal);
        Assert.Contains("at most one ownership epoch past", Judge((ChangeVersion.MaxEpoch << 32) + 1, "east", 2L, "east"), StringComparison.Ordinal);
    }
}
