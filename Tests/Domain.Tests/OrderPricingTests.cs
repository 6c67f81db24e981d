using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Domain.Tests;

/// <summary>
/// Pricing an order from orders' own copy of the menu: one restaurant, available items, one currency,
/// and each line keeps the name and price it was priced with.
/// </summary>
public sealed class OrderPricingTests
{
    static readonly Guid Restaurant = Guid.NewGuid();
    static readonly PricedItem Soup = Item("Soup", 650);
    static readonly PricedItem Bread = Item("Bread", 250);

    [Fact]
    public void Each_line_snapshots_the_item_name_and_price_and_the_order_its_currency()
    {
        var quote = Quote([(Soup.Id, 2), (Bread.Id, 1)], Soup, Bread);

        Assert.Empty(quote.Unknown);
        Assert.Empty(quote.Unavailable);
        Assert.Equal(["EUR"], quote.Currencies);
        Assert.Equal([("Soup", 650L, 2), ("Bread", 250L, 1)], quote.Lines.Select(l => (l.Name, l.UnitPriceMinor, l.Quantity)));
        Assert.Equal(1_550, Order.Place(Guid.NewGuid(), Restaurant, quote.Currencies[0], quote.Lines).TotalMinor);
    }

    [Fact]
    public void The_same_item_on_two_lines_is_priced_on_each()
    {
        var quote = Quote([(Soup.Id, 1), (Soup.Id, 3)], Soup);

        Assert.Equal([1, 3], quote.Lines.Select(l => l.Quantity));
        Assert.All(quote.Lines, l => Assert.Equal(650, l.UnitPriceMinor));
    }

    [Fact]
    public void An_item_orders_does_not_know_yet_is_named_by_its_line()
    {
        var missing = Guid.NewGuid();

        var quote = Quote([(Soup.Id, 1), (missing, 1)], Soup);

        var error = Assert.Single(Assert.Single(quote.Unknown, e => e.Key == "lines[1].menuItemId").Value);
        Assert.Contains(missing.ToString(), error, StringComparison.Ordinal);
        Assert.Empty(quote.Lines);
    }

    [Fact]
    public void An_item_of_another_restaurant_is_unknown_to_this_order()
    {
        var elsewhere = Item("Pizza", 900) with { RestaurantId = Guid.NewGuid() };

        var quote = Quote([(elsewhere.Id, 1)], elsewhere);

        Assert.Contains("another restaurant", Assert.Single(quote.Unknown["lines[0].menuItemId"]), StringComparison.Ordinal);
        Assert.Empty(quote.Lines);
    }

    [Fact]
    public void An_unavailable_item_is_named_apart_from_unknown_ones()
    {
        var soldOut = Item("Cake", 400) with { Available = false };

        var quote = Quote([(Soup.Id, 1), (soldOut.Id, 1), (Guid.NewGuid(), 1)], Soup, soldOut);

        Assert.Equal(["lines[1].menuItemId"], quote.Unavailable.Keys);
        Assert.Equal(["lines[2].menuItemId"], quote.Unknown.Keys);
        Assert.Empty(quote.Lines);
    }

    [Fact]
    public void Items_in_two_currencies_cannot_be_one_order()
    {
        var inFrancs = Item("Fondue", 3_000) with { Currency = "CHF" };

        var quote = Quote([(Soup.Id, 1), (inFrancs.Id, 1)], Soup, inFrancs);

        Assert.Empty(quote.Unknown);
        Assert.Empty(quote.Unavailable);
        Assert.Equal(["CHF", "EUR"], quote.Currencies);
        Assert.Empty(quote.Lines);
    }

    static OrderQuote Quote(IReadOnlyList<(Guid, int)> lines, params PricedItem[] known) =>
        OrderPricing.Quote(Restaurant, lines, known.ToDictionary(i => i.Id));

    static PricedItem Item(string name, long priceMinor) => new(Guid.NewGuid(), Restaurant, name, priceMinor, "EUR", Available: true);
}
