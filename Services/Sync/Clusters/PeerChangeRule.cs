using System.Globalization;
using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// Which newer change a cluster takes for a row it holds, by where the change came from. This cluster's own
/// owner: any, within one ownership epoch (as before clusters). The peer cluster, which may be compromised:
/// for a row homed in the peer, changes within the epoch held (the peer's own writes; only a take-over starts
/// an epoch, and the peer takes over nothing homed there); for a row homed here, nothing but the first epoch
/// past the one held, and only while this cluster's operator has fenced it for the take-over
/// (<see cref="TakeOverFence"/>). So the peer can neither rewrite an entity homed here nor move epochs by
/// more than one fenced step. The replica upsert states the same rule in SQL
/// (<see cref="Replicas.ReplicaUpsert"/>); the home copy checks it here.
/// </summary>
internal static class PeerChangeRule
{
    /// <summary>
    /// Why <paramref name="incoming"/> (from <paramref name="origin"/>) must not replace the row held at
    /// <paramref name="held"/>, homed in <paramref name="heldHome"/> (empty: not known, as for a replica written before
    /// origins were kept, taken as the peer's within its epoch); null when it may (or is simply stale).
    /// </summary>
    public static string? Refusal(string eventType, Guid id, long incoming, string origin, bool local, long held, string heldHome, bool fenced)
    {
        if (ChangeVersion.BeyondNextEpoch(eventType, incoming, held) is { } breach)
        {
            return breach;
        }
        if (local)
        {
            return null;
        }
        if (incoming <= held)
        {
            return Superseded(eventType, id, incoming, origin, held, heldHome);
        }
        var sameEpoch = ChangeVersion.EpochOf(incoming) == ChangeVersion.EpochOf(held);
        if (heldHome.Length == 0 || heldHome == origin)
        {
            return sameEpoch
                ? null
                : Invariant($"invalid-event: {eventType}.Version is {incoming} (ownership epoch {ChangeVersion.EpochOf(incoming)}) from cluster {origin}, the home of {id}, which stays in the epoch held, {ChangeVersion.EpochOf(held)}: only a take-over starts the next one");
        }
        return !sameEpoch && fenced
            ? null
            : $"{eventType} {id} is homed in {heldHome}: cluster {origin} changes it only by a take-over {heldHome}'s operator fenced " +
              $"({SyncRoutes.Fence(ServiceCatalogue.OwnerOf(eventType) ?? eventType)})";
    }

    /// <summary>
    /// An older change from a cluster that no longer homes the row: its write from before the row's take-over (a later
    /// epoch, homed elsewhere), which reached here only now. Refused rather than counted stale, so the lost cluster's
    /// superseded writes (a charge, a cancel) are seen and settled by an operator instead of vanishing; an older change
    /// from the row's own home is merely stale (a redelivery, an overtaken event).
    /// </summary>
    static string? Superseded(string eventType, Guid id, long incoming, string origin, long held, string heldHome) =>
        heldHome.Length > 0 && heldHome != origin && ChangeVersion.EpochOf(incoming) < ChangeVersion.EpochOf(held)
            ? Invariant($"{eventType} {id} version {incoming} (ownership epoch {ChangeVersion.EpochOf(incoming)}) from {origin} is superseded by {heldHome}'s take-over (version {held} held, epoch {ChangeVersion.EpochOf(held)}): {origin} wrote it before the take-over and it arrived after. Discard it, or make the change again in {heldHome}")
            : null;

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
