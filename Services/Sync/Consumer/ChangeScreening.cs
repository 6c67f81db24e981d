using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// The half of a delivery's judgement that needs no database: whether it may be applied at all. Malformed properties,
/// a publisher other than the owner whose exchange it came through (<see cref="PublisherProvenance"/>), this service's
/// own events, types nobody here subscribes to, and bodies that do not parse or break their contract's invariants each
/// get their verdict here; what passes is an <see cref="AcceptedChange"/> for <see cref="ChangeProcessor{TDb}"/> to apply.
/// </summary>
internal sealed class ChangeScreening(SyncRegistrations registrations, PublisherProvenance provenances, SyncOptions options)
{
    /// <summary>The verdict for a delivery that must not reach the database, or null with what to apply.</summary>
    public DeliveryVerdict? Screen(ChangeDelivery delivery, out AcceptedChange? accepted)
    {
        accepted = null;
        // A delivery with no message id or type is malformed too, so past this both are there.
        if (delivery.Malformed is { } malformed)
        {
            return DeliveryVerdict.DeadLetter(malformed);
        }
        if (Unauthorised(delivery, out var provenance) is { } refusal)
        {
            return DeliveryVerdict.Unauthorised(refusal);
        }
        var origin = provenance.Cluster;
        Subscription? subscription;
        if (provenance.Owner == options.ServiceName)
        {
            // Only the peer exchange brings this service's own type (its own exchange is not bound to its
            // queue): the same service in the entity's home cluster wrote it; keep the read-only copy.
            if (origin == options.Cluster)
            {
                return DeliveryVerdict.Ack(ChangeOutcome.Own);
            }
            registrations.HomeCopies.TryGetValue(delivery.Type!, out subscription);
        }
        else
        {
            registrations.Subscriptions.TryGetValue(delivery.Type!, out subscription);
        }
        if (subscription is null)
        {
            return DeliveryVerdict.Ack(ChangeOutcome.Unknown);
        }

        IChangeEvent change;
        try
        {
            change = subscription.Read(delivery.Body);
            // The contract's invariants include a non-empty id and a version of at least 1.
            if (ChangeInvariants.Check(change) is { } breach)
            {
                return DeliveryVerdict.DeadLetter(breach);
            }
        }
        catch (JsonException ex)
        {
            // The exception names the JSON path and position, never the values.
            return DeliveryVerdict.DeadLetter($"The body is not a valid {delivery.Type}: {ex.Message}");
        }
        catch (Exception ex)
        {
            // A body that fits the JSON but not what the contract's checks assume (a missing list, say): refused, never thrown.
            return DeliveryVerdict.DeadLetter($"The body is not a valid {delivery.Type}: its invariants could not be checked ({ex.GetType().Name}).");
        }
        accepted = new AcceptedChange(delivery, subscription, change, provenance);
        return null;
    }

    /// <summary>
    /// Why the delivery must not be applied, or null with its provenance: it came through an exchange no owner
    /// publishes to, through another owner's exchange than its type's, or it claims another publisher or cluster
    /// than the exchange says (a sender that lies about itself is not believed on anything else).
    /// </summary>
    string? Unauthorised(ChangeDelivery delivery, out Provenance provenance)
    {
        provenance = null!;
        var arrival = provenances.FirstArrival(delivery.Exchange, delivery.ReceivedFrom);
        if (string.IsNullOrEmpty(arrival) && arrival != delivery.Exchange)
        {
            return $"{delivery.Type} came back from the dead letters with no record of the exchange it first arrived through "
                   + "(the broker dead-lettered it, and before RabbitMQ 4.0 its x-death can be the publisher's): resync its owner instead.";
        }
        if (provenances.Of(delivery.Exchange, delivery.ReceivedFrom) is not { } found)
        {
            return $"{delivery.Type} arrived through '{arrival}', which is no owner's exchange.";
        }
        provenance = found;
        var owner = ServiceCatalogue.OwnerOf(delivery.Type!);
        if (owner is not null && owner != found.Owner)
        {
            return $"{delivery.Type} is owned by {owner}, but arrived through {arrival}, which only {found.Owner} writes.";
        }
        if (!string.IsNullOrEmpty(delivery.ClaimedPublisher) && delivery.ClaimedPublisher != found.Owner)
        {
            return $"{delivery.Type} claims app_id {delivery.ClaimedPublisher}, but arrived through {arrival}, which only {found.Owner} writes.";
        }
        if (!string.IsNullOrEmpty(delivery.ClaimedCluster) && delivery.ClaimedCluster != found.Cluster)
        {
            return $"{delivery.Type} claims cluster {delivery.ClaimedCluster}, but arrived through {arrival}, which carries cluster {found.Cluster}'s events.";
        }
        return null;
    }
}
