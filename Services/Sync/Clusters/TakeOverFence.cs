using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// An operator's word, kept in this cluster's own database, that the peer cluster may take over what
/// <see cref="Owner"/> homes here (this cluster is lost or fenced off): only then does a peer's event for an
/// entity homed here apply, and only as the start of the next ownership epoch. Set and lifted with this
/// cluster's repair key (<c>POST</c>/<c>DELETE /sync/fences/{owner}</c>), which the peer does not hold.
/// </summary>
[EntityTypeConfiguration(typeof(TakeOverFenceConfiguration))]
internal sealed class TakeOverFence
{
    /// <summary>The owner service whose entities homed here the peer may take over.</summary>
    public required string Owner { get; init; }

    public DateTimeOffset FencedAt { get; init; }
}
