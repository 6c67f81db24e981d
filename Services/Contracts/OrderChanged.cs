using System.Globalization;

namespace FoodDelivery.Contracts;

/// <summary>
/// An order as orders stored it at <see cref="Version"/>, with its price snapshot. Status: an
/// <see cref="OrderStatus"/> by name. The total is always the sum of the lines.
/// </summary>
public sealed record OrderChanged(
    Guid Id,
    long Version,
    bool Deleted,
    Guid CustomerId,
    Guid RestaurantId,
    [property: OneOf(typeof(OrderStatus))] string Status,
    string Currency,
    long TotalMinor,
    DateTimeOffset PlacedAt,
    IReadOnlyList<OrderLineSnapshot> Lines) : IChangeEvent
{
    public void CheckInvariants(InvariantCheck check)
    {
        check.NotEmpty(CustomerId)
            .NotEmpty(RestaurantId)
            .OneOf<OrderStatus>(Status)
            .Currency(Currency)
            .AtLeast(TotalMinor, 0);
        if (Lines is null || Lines.Count == 0)
        {
            check.Breach(nameof(Lines), "is empty; an order has at least one line");
            return;
        }
        long sum = 0;
        var overflowed = false;
        for (var index = 0; index < Lines.Count; index++)
        {
            var at = $"{nameof(Lines)}[{index}]";
            if (Lines[index] is not { } line)
            {
                check.Breach(at, "is missing");
                continue;
            }
            line.CheckInvariants(check, at);
            try
            {
                sum = checked(sum + checked(line.UnitPriceMinor * line.Quantity));
            }
            catch (OverflowException)
            {
                overflowed = true;
            }
        }
        if (overflowed)
        {
            check.Breach(nameof(Lines), "add up beyond a 64-bit total");
        }
        else if (TotalMinor != sum)
        {
            check.Breach(nameof(TotalMinor), string.Create(CultureInfo.InvariantCulture, $"is {TotalMinor}; it must be the sum of the lines, {sum}"));
        }
    }
}
