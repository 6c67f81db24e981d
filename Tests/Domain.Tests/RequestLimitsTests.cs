using FoodDelivery.Menu.Api;
using FoodDelivery.Orders.Api;
using FoodDelivery.Reviews.Api;

namespace FoodDelivery.Domain.Tests;

/// <summary>The bounds requests are held to at the edge, at and just past each boundary.</summary>
public sealed class RequestLimitsTests
{
    static readonly NewOrderLine OneSoup = new(Guid.NewGuid(), 1);

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(50, false)]
    [InlineData(51, true)]
    public void An_order_has_one_to_fifty_lines(int lines, bool refused) =>
        Assert.Equal(refused, RequestRules.Refused(new NewOrder(Guid.NewGuid(), Enumerable.Repeat(OneSoup, lines).ToList()))
            .Contains(nameof(NewOrder.Lines)));

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(100, false)]
    [InlineData(101, true)]
    public void A_line_orders_one_to_a_hundred_of_an_item(int quantity, bool refused) =>
        Assert.Equal(refused, RequestRules.Refused(new NewOrderLine(Guid.NewGuid(), quantity)).Contains(nameof(NewOrderLine.Quantity)));

    [Theory]
    [InlineData(0L, true)]
    [InlineData(1L, false)]
    [InlineData(100_000_000L, false)]
    [InlineData(100_000_001L, true)]
    [InlineData(5_000_000_000L, true)] // beyond int: refused, not an overflow (a 500)
    public void A_menu_price_is_from_one_minor_unit_to_a_million(long priceMinor, bool refused)
    {
        Assert.Equal(refused, RequestRules.Refused(new NewMenuItem("Soup", priceMinor, "EUR")).Contains(nameof(NewMenuItem.PriceMinor)));
        Assert.Equal(refused, RequestRules.Refused(new MenuItemUpdate("Soup", priceMinor, "EUR", true)).Contains(nameof(MenuItemUpdate.PriceMinor)));
    }

    [Theory]
    [InlineData("EUR", false)]
    [InlineData("eur", true)]
    [InlineData("EURO", true)]
    [InlineData("EU", true)]
    public void A_currency_is_an_upper_case_ISO_4217_code(string currency, bool refused) =>
        Assert.Equal(refused, RequestRules.Refused(new NewMenuItem("Soup", 100, currency)).Contains(nameof(NewMenuItem.Currency)));

    [Fact]
    public void A_name_is_measured_without_its_surrounding_spaces()
    {
        var longest = new string('n', 100);

        Assert.Contains(nameof(NewMenuItem.Name), RequestRules.Refused(new NewMenuItem("   ", 100, "EUR")));
        Assert.Empty(RequestRules.Refused(new NewMenuItem($"  {longest}  ", 100, "EUR")));
        Assert.Contains(nameof(NewMenuItem.Name), RequestRules.Refused(new NewMenuItem(longest + "n", 100, "EUR")));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void A_review_gives_one_to_five_stars(int stars, bool refused)
    {
        Assert.Equal(refused, RequestRules.Refused(new NewReview(Guid.NewGuid(), stars)).Contains(nameof(NewReview.Stars)));
        Assert.Equal(refused, RequestRules.Refused(new ReviewUpdate(stars)).Contains(nameof(ReviewUpdate.Stars)));
    }

    [Fact]
    public void A_review_may_have_no_words_and_at_most_two_thousand_characters()
    {
        Assert.Empty(RequestRules.Refused(new NewReview(Guid.NewGuid(), 4, null)));
        Assert.Empty(RequestRules.Refused(new NewReview(Guid.NewGuid(), 4, new string('w', 2_000))));
        Assert.Equal([nameof(NewReview.Text)], RequestRules.Refused(new NewReview(Guid.NewGuid(), 4, new string('w', 2_001))));
    }
}
