namespace FoodDelivery.Sync.OwnedEntities;

/// <summary>Whose write of an owned entity a SaveChanges carries; the outbox writer treats each differently.</summary>
internal enum OwnedWrites
{
    /// <summary>A write by this service: stamped, published, and refused for entities homed in another cluster.</summary>
    Local,

    /// <summary>The home cluster's version copied in as it is: neither stamped nor published again.</summary>
    HomeCopy,

    /// <summary>An operator moving entities' home here: the new home and version are already set; published.</summary>
    Rehome,
}
