namespace FoodDelivery.Contracts;

/// <summary>A review as reviews stored it at <see cref="Version"/>: 1-5 stars and up to 2,000 characters.</summary>
public sealed record ReviewChanged(
    Guid Id,
    long Version,
    bool Deleted,
    Guid OrderId,
    Guid CustomerId,
    Guid RestaurantId,
    int Stars,
    string Text) : IChangeEvent
{
    public const int MinStars = 1;
    public const int MaxStars = 5;
    public const int MaxTextLength = 2000;

    public void CheckInvariants(InvariantCheck check) => check
        .NotEmpty(OrderId)
        .NotEmpty(CustomerId)
        .NotEmpty(RestaurantId)
        .Between(Stars, MinStars, MaxStars)
        .AtMostLength(Text, MaxTextLength);
}
