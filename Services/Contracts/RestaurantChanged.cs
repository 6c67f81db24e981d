namespace FoodDelivery.Contracts;

/// <summary>A restaurant as its owner service (restaurants) stored it at <see cref="Version"/>.</summary>
public sealed record RestaurantChanged(
    Guid Id,
    long Version,
    bool Deleted,
    Guid OwnerId,
    string Name,
    string Address,
    string Cuisine,
    bool IsOpen) : IChangeEvent
{
    public void CheckInvariants(InvariantCheck check) => check
        .NotEmpty(OwnerId)
        .NotEmpty(Name)
        .NotEmpty(Address)
        .NotEmpty(Cuisine);
}
