using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// Compares everything this service holds of one entity (homed here or copied from the other
/// cluster) with what the same service holds in the peer cluster: both sides as the events they
/// would publish, matched by id. Equal clusters give identical events, byte for byte.
/// From this side: missing = only the peer has it, extra = only this cluster has it, stale = the
/// peer is newer, diverged = this cluster is newer or the same version differs.
/// </summary>
public static class PeerClusterComparison
{
    public static async Task<ReplicaDifferences> CompareAsync(Publication publication, DbContext db, Stream peerSnapshots, CancellationToken ct)
    {
        var peer = new Dictionary<Guid, (long Version, string Json)>();
        await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(peerSnapshots, cancellationToken: ct))
        {
            if (element.Deserialize(publication.JsonTypeInfo) is IChangeEvent change)
            {
                peer[change.Id] = (change.Version, element.GetRawText());
            }
        }

        var differences = new ReplicaDifferences { OwnerRows = peer.Count };
        await foreach (var entity in publication.ReadAll(db).WithCancellation(ct))
        {
            differences.ReplicaRows++;
            if (!peer.Remove(entity.Id, out var theirs))
            {
                differences.Add(RowDifference.Extra, entity.Id);
            }
            else if (entity.Version < theirs.Version)
            {
                differences.Add(RowDifference.Stale, entity.Id);
            }
            else if (entity.Version > theirs.Version
                     || JsonSerializer.Serialize(publication.ToEvent(entity), publication.JsonTypeInfo) != theirs.Json)
            {
                differences.Add(RowDifference.Diverged, entity.Id);
            }
        }
        foreach (var id in peer.Keys)
        {
            differences.Add(RowDifference.Missing, id);
        }
        return differences;
    }
}
