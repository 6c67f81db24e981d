using System.Globalization;

namespace FoodDelivery.Contracts;

/// <summary>
/// What a contract's version means: the high 32 bits count re-homes (the ownership epoch), the low
/// 32 bits count writes within the epoch, from 1. An owner never skips an epoch (a re-home starts
/// the next one), so a replica refuses a version more than one epoch past the one it holds, and
/// any version whose epoch is beyond <see cref="MaxEpoch"/>: a forged huge version (2^52,
/// <see cref="long.MaxValue"/>) can neither pin a row above every real write nor make the next
/// stamp overflow.
/// </summary>
public static class ChangeVersion
{
    public const int EpochShift = 32;

    /// <summary>
    /// The highest epoch an owner reaches (a million re-homes of one entity); owners refuse to
    /// re-home past it, so consumers never see a real version beyond it.
    /// </summary>
    public const long MaxEpoch = (1L << 20) - 1;

    const long WriteMask = (1L << EpochShift) - 1;

    public static long EpochOf(long version) => version >> EpochShift;

    /// <summary>Which write of its epoch the version is: 1 for the first.</summary>
    public static long WriteOf(long version) => version & WriteMask;

    /// <summary>Adds the breach when the version has no write in its epoch (below 1, or a bare epoch) or an epoch beyond <see cref="MaxEpoch"/>.</summary>
    public static void Check(long version, InvariantCheck check)
    {
        if (version < 1)
        {
            check.Breach(nameof(IChangeEvent.Version), Invariant($"is {version}; it must be >= 1"));
        }
        else if (WriteOf(version) < 1)
        {
            check.Breach(nameof(IChangeEvent.Version), Describe(version) + "; its write count (the low 32 bits) must be >= 1");
        }
        else if (EpochOf(version) > MaxEpoch)
        {
            check.Breach(nameof(IChangeEvent.Version), Describe(version) + Invariant($"; its ownership epoch must be at most {MaxEpoch}"));
        }
    }

    /// <summary>
    /// The dead-letter reason when <paramref name="incoming"/> is newer than the <paramref name="held"/>
    /// version but more than one ownership epoch past it; null when the epoch rule allows it.
    /// </summary>
    public static string? BeyondNextEpoch(string eventType, long incoming, long held) =>
        incoming > held && EpochOf(incoming) > EpochOf(held) + 1
            ? Invariant($"invalid-event: {eventType}.Version {Describe(incoming)}; it must be at most one ownership epoch past the version held, {held} (epoch {EpochOf(held)})")
            : null;

    static string Describe(long version) => Invariant($"is {version} (ownership epoch {EpochOf(version)}, write {WriteOf(version)})");

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
