using FoodDelivery.Contracts;
using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Domain.Tests;

/// <summary>An order's total comes from its price snapshot, and its status moves only the ways orders allows.</summary>
public sealed class OrderTests
{
    [Fact]
    public void The_total_is_the_sum_of_each_line_unit_price_times_quantity()
    {
        var order = Order.Place(Guid.NewGuid(), Guid.NewGuid(), "EUR",
        [
            Line(unitPriceMinor: 450, quantity: 2),
            Line(unitPriceMinor: 1_299, quantity: 1),
            Line(unitPriceMinor: 1, quantity: 100),
        ]);

        Assert.Equal(900 + 1_299 + 100, order.TotalMinor);
        Assert.Equal(OrderStatus.Placed, order.Status);
    }

    [Fact]
    public void The_largest_order_the_limits_allow_is_totalled_without_overflow()
    {
        // 50 lines of 100 units at the highest menu price (100,000,000 minor units) stays far inside a long.
        var lines = Enumerable.Range(0, Limits.MaxLines).Select(_ => Line(unitPriceMinor: 100_000_000, quantity: Limits.MaxQuantity));

        var order = Order.Place(Guid.NewGuid(), Guid.NewGuid(), "EUR", lines);

        Assert.Equal(500_000_000_000L, order.TotalMinor);
    }

    [Fact]
    public void A_line_keeps_the_price_it_was_placed_with()
    {
        var line = Line(unitPriceMinor: 700, quantity: 3);

        Assert.Equal(2_100, line.TotalMinor);
    }

    public enum Move { Cancel, MarkPaid, MarkPaymentFailed, MarkOutForDelivery, MarkDelivered }

    /// <summary>Every move from every status: null where the move is refused and the status stays.</summary>
    public static TheoryData<OrderStatus, Move, OrderStatus?> Moves() => new()
    {
        { OrderStatus.Placed, Move.Cancel, OrderStatus.Cancelled },
        { OrderStatus.Paid, Move.Cancel, OrderStatus.Cancelled },
        { OrderStatus.PaymentFailed, Move.Cancel, null },
        { OrderStatus.OutForDelivery, Move.Cancel, null },
        { OrderStatus.Delivered, Move.Cancel, null },
        { OrderStatus.Cancelled, Move.Cancel, null },

        { OrderStatus.Placed, Move.MarkPaid, OrderStatus.Paid },
        { OrderStatus.Paid, Move.MarkPaid, null },
        { OrderStatus.Cancelled, Move.MarkPaid, null },
        { OrderStatus.PaymentFailed, Move.MarkPaid, null },

        { OrderStatus.Placed, Move.MarkPaymentFailed, OrderStatus.PaymentFailed },
        { OrderStatus.Paid, Move.MarkPaymentFailed, null },
        { OrderStatus.Cancelled, Move.MarkPaymentFailed, null },

        { OrderStatus.Paid, Move.MarkOutForDelivery, OrderStatus.OutForDelivery },
        { OrderStatus.Placed, Move.MarkOutForDelivery, null },
        { OrderStatus.Cancelled, Move.MarkOutForDelivery, null },
        { OrderStatus.Delivered, Move.MarkOutForDelivery, null },

        { OrderStatus.Paid, Move.MarkDelivered, OrderStatus.Delivered },
        { OrderStatus.OutForDelivery, Move.MarkDelivered, OrderStatus.Delivered },
        { OrderStatus.Placed, Move.MarkDelivered, null },
        { OrderStatus.Cancelled, Move.MarkDelivered, null },
        { OrderStatus.Delivered, Move.MarkDelivered, null },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void A_move_happens_only_from_the_statuses_that_allow_it(OrderStatus from, Move move, OrderStatus? to)
    {
        var order = OrderIn(from);

        var moved = Apply(order, move);

        Assert.Equal(to is not null, moved);
        Assert.Equal(to ?? from, order.Status);
    }

    [Theory]
    [InlineData(OrderStatus.Placed, true)]
    [InlineData(OrderStatus.Paid, true)]
    [InlineData(OrderStatus.PaymentFailed, false)]
    [InlineData(OrderStatus.OutForDelivery, false)]
    [InlineData(OrderStatus.Delivered, false)]
    [InlineData(OrderStatus.Cancelled, false)]
    public void Only_an_order_still_at_the_restaurant_can_be_cancelled(OrderStatus status, bool cancellable) =>
        Assert.Equal(cancellable, OrderIn(status).CanBeCancelled);

    static OrderLine Line(long unitPriceMinor, int quantity) =>
        new() { MenuItemId = Guid.NewGuid(), Name = "Dish", UnitPriceMinor = unitPriceMinor, Quantity = quantity };

    static bool Apply(Order order, Move move) => move switch
    {
        Move.Cancel => order.Cancel(),
        Move.MarkPaid => order.MarkPaid(),
        Move.MarkPaymentFailed => order.MarkPaymentFailed(),
        Move.MarkOutForDelivery => order.MarkOutForDelivery(),
        Move.MarkDelivered => order.MarkDelivered(),
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    /// <summary>An order brought to <paramref name="status"/> the way the system does it.</summary>
    static Order OrderIn(OrderStatus status)
    {
        var order = Order.Place(Guid.NewGuid(), Guid.NewGuid(), "EUR", [Line(1_000, 1)]);
        var reached = status switch
        {
            OrderStatus.Placed => true,
            OrderStatus.Paid => order.MarkPaid(),
            OrderStatus.PaymentFailed => order.MarkPaymentFailed(),
            OrderStatus.OutForDelivery => order.MarkPaid() && order.MarkOutForDelivery(),
            OrderStatus.Delivered => order.MarkPaid() && order.MarkDelivered(),
            OrderStatus.Cancelled => order.Cancel(),
            _ => false,
        };
        Assert.True(reached && order.Status == status, $"could not bring an order to {status}");
        return order;
    }
}
