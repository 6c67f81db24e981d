using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// Compares everything this service holds of one entity (homed here or copied from the other
/// cluster) with what the same service holds in the peer cluster: both sides as the events they
/// would publish, matched by id, with the home each side believes the row has. Equal clusters give
/// identical events, byte for byte, and name the same home.
/// From this side: missing = only the peer has it, extra = only this cluster has it, stale = the
/// peer is newer, diverged = this cluster is newer or the same version differs, home = the same
/// version and content but another home (a split brain no event shows: both would write it).
/// </summary>
internal static class PeerClusterComparison
{
    public static async Task<ReplicaDifferences> CompareAsync(
        Publication publication, DbContext db, Stream peerSnapshots, CancellationToken ct)
    {
        var peer = new Dictionary<Guid, (long Version, string Json, string? Home)>();
        await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(peerSnapshots, cancellationToken: ct))
        {
            // A peer that does not send homes yet (an older version) sends the bare events: homes are then not compared.
            var wrapped = default(JsonElement);
            var withHome = element.ValueKind == JsonValueKind.Object && element.TryGetProperty(OwnedSnapshots.ChangeProperty, out wrapped);
            var snapshot = withHome ? wrapped : element;
            var home = withHome && element.TryGetProperty(OwnedSnapshots.HomeProperty, out var named) ? named.GetString() : null;
            if (snapshot.Deserialize(publication.JsonTypeInfo) is IChangeEvent changed)
            {
                peer[changed.Id] = (changed.Version, snapshot.GetRawText(), home);
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
            else if (theirs.Home is { } theirHome && theirHome != entity.HomeCluster)
            {
                differences.Add(RowDifference.Home, entity.Id);
            }
        }
        foreach (var id in peer.Keys)
        {
            differences.Add(RowDifference.Missing, id);
        }
        return differences;
    }
}
